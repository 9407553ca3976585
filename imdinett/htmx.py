def side_eller_del(request, mal: str, del_: str) -> str:
    """The partial for an htmx swap, the whole page otherwise (also for history restores)."""
    htmx = getattr(request, "htmx", None)
    return f"{mal}#{del_}" if htmx and not htmx.history_restore_request else mal
