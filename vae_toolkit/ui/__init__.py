"""ipywidgets views, one module per screen, bound to widget-free models."""
