"""Staff sign-in, roles and permissions, and the one place that scopes queries to an authority."""
