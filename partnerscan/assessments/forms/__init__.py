"""Forms of the management pages, by what they manage."""
