"""AI agents: the LLM layer (llm.py) and one module per agent; they never touch the database."""
