"""Renderers: result models in, text out. Each imports its library only when used."""
