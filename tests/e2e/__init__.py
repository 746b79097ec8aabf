"""End-to-end tests in Chromium against the live server: the main job and accessibility."""
