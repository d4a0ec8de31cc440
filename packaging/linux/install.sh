#!/bin/sh
# Install an unpacked PolicyLens bundle: ./install.sh            (for you, under ~/.local)
#                                          sudo PREFIX=/usr/local ./install.sh   (for everyone)
#                                          ./install.sh --uninstall
# It copies the bundle to PREFIX/lib/policylens, links PREFIX/bin/policylens, and registers the
# desktop entry (with Exec pointing at the installed program), the icon and the AppStream metainfo.
set -eu

APP_ID=io.github.policylens.PolicyLens
here=$(cd "$(dirname "$0")" && pwd)
prefix=${PREFIX:-$HOME/.local}
app_dir=$prefix/lib/policylens
desktop_file=$prefix/share/applications/$APP_ID.desktop
icon_file=$prefix/share/icons/hicolor/scalable/apps/$APP_ID.svg
metainfo_file=$prefix/share/metainfo/$APP_ID.metainfo.xml

refresh_caches() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$prefix/share/applications" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$prefix/share/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$app_dir"
    rm -f "$prefix/bin/policylens" "$desktop_file" "$icon_file" "$metainfo_file"
    refresh_caches
    echo "PolicyLens removed from $prefix (your workspace in your user data folder is kept)"
    exit 0
fi

if [ ! -x "$here/policylens" ]; then
    echo "install.sh must stay in the unpacked policylens folder, beside the policylens program" >&2
    exit 1
fi
if [ "$here" != "$app_dir" ]; then
    rm -rf "$app_dir"
    mkdir -p "$app_dir"
    cp -a "$here/." "$app_dir/"
fi
mkdir -p "$prefix/bin" "$(dirname "$desktop_file")" "$(dirname "$icon_file")" "$(dirname "$metainfo_file")"
ln -sf "$app_dir/policylens" "$prefix/bin/policylens"
sed "s|^Exec=policylens|Exec=$app_dir/policylens|" "$here/share/applications/$APP_ID.desktop" > "$desktop_file"
cp "$here/share/icons/hicolor/scalable/apps/$APP_ID.svg" "$icon_file"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$metainfo_file"
refresh_caches
echo "PolicyLens installed in $app_dir; start it from your applications menu or with $prefix/bin/policylens"
