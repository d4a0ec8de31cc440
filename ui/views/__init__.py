"""The application's views: each a QWidget over an AppContext."""
