"""Settings, read from the environment; every default runs a bare checkout on embedded parts."""

from .alerts import *  # noqa: F403
from .base import *  # noqa: F403
from .cache import *  # noqa: F403
from .catalog import *  # noqa: F403
from .celery import *  # noqa: F403
from .channels import *  # noqa: F403
from .database import *  # noqa: F403
from .email import *  # noqa: F403
from .sandbox import *  # noqa: F403
