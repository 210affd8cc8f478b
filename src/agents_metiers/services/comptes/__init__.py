"""Accounts: authentication, users, who performs an action."""
