"""Qt item models over the workspace's data."""
