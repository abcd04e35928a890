"""All database access: views, commands and services read and write through these modules only."""
