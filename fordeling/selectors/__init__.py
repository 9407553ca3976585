"""Reads for distribution, by audience: `kommune` (the kommune's Fordelinger and Bosettingsdato pages), `imdi`
(IMDi's workbench in the admin) and `visning` (how a list's households and persons are shown, shared by both).
The suggestions' input is `fordeling.forslag.inndata`."""
