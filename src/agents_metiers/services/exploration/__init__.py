"""Exploration for the public: interest explorer, skills-based transitions, comparison."""
