"""The REST compatibility layer: one package per source system's dialect, on one FastAPI app.

Each dialect parses requests with pydantic models, calls `resolvers/`, shapes the answer exactly
as its seed document shows and renders errors in its own envelope.
"""
