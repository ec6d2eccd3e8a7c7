"""App mode: the notebooks served with Voilà on 127.0.0.1, code hidden, idle kernels culled.

:mod:`.notebooks` finds the notebooks (source checkout or installed wheel); :mod:`.server` configures and runs
Voilà. Nothing here is imported by ``vae`` at start-up: the ``app`` command imports it in its handler.
"""
