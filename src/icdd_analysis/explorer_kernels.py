"""The explorer server's kernel manager: jupyter_server's, with a maximum number of kernels.

Voilà starts one Python kernel per page visit (about ``serve_explorer.MB_PER_VISITOR`` MB each). Neither
Voilà nor jupyter_server caps how many run at once, so a public server could be made to exhaust the
machine's memory by reloading a page. Voilà takes its kernel manager from the
``VoilaConfiguration.multi_kernel_manager_class`` setting; this subclass of jupyter_server's
``AsyncMappingKernelManager`` refuses a new kernel (HTTP 503, "the explorer is full") while ``max_kernels``
run, the way Jupyter Enterprise Gateway's ``max_kernels`` does. Idle kernels are culled by jupyter_server's
own ``cull_idle_timeout``, which frees places again.
"""

from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado import web
from traitlets import Integer

#: Kernels (visitors) served at once by default: 20 x ~250 MB = ~5 GB at most.
DEFAULT_MAX_KERNELS = 20


class LimitedKernelManager(AsyncMappingKernelManager):
    """AsyncMappingKernelManager that starts no kernel beyond ``max_kernels`` running ones."""

    max_kernels = Integer(DEFAULT_MAX_KERNELS, config=True,
                          help="The most kernels running at once; a visit beyond them gets HTTP 503.")

    async def start_kernel(self, *args, **kwargs):
        if kwargs.get("kernel_id") is None and len(self.list_kernel_ids()) >= self.max_kernels:
            self.log.warning("icdd-explore: %d kernels running, the maximum; a visit was refused", self.max_kernels)
            # the reason is what the visitor's error page shows (the message is only logged)
            raise web.HTTPError(503, f"The explorer is full ({self.max_kernels} visitors)",
                                reason="The explorer is full, try again in a few minutes")
        return await super().start_kernel(*args, **kwargs)
