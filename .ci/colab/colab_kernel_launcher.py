"""Kernel launcher of the Colab leg: imports ``google.colab``, then starts ipykernel.

Colab's own kernel imports ``google.colab`` as it starts (its launcher, also named
``colab_kernel_launcher``, runs a kernel class from that package), so a notebook sees
``"google.colab" in sys.modules`` from its first cell. This launcher does the same with the
stand-in package beside it; ``python -m course_utils colab-leg`` installs both into the Colab
virtualenv's site-packages and writes the kernelspec ``colab`` that runs
``python -m colab_kernel_launcher -f {connection_file}``.

Example (what Jupyter runs):
    python -m colab_kernel_launcher -f /tmp/kernel-1234.json
"""

import google.colab  # noqa: F401  (imported for its side effect: Colab is detectable)
from ipykernel import kernelapp

if __name__ == "__main__":
    kernelapp.launch_new_instance()
