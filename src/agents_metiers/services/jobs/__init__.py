"""Batch jobs: lifecycle, queue, embedded workers, procrastinate backend."""
