"""The public comparison pages and open data (reads only)."""
