#!/usr/bin/python3
"""Runs cinder-api, cinder-scheduler and cinder-volume in ONE process, for the tests against a
real Cinder (cinder-sync's, and the EBS driver's in cinder-driver/).

Cinder's `fake:/` oslo.messaging transport is an in-memory queue, so it only connects services
that share a process; Debian's cinder-* commands each start their own process (and cinder-api
forks its workers), which is why this launcher exists: it needs no message broker.

Usage: launcher.py --config-file STATE_DIR/cinder.conf   (written by render_conf below, or by
RealCinder in the Java tests; `cinder-manage --config-file ... db sync` must have run first).
"""

import eventlet
eventlet.monkey_patch()

import os  # noqa: E402
import sys  # noqa: E402

from oslo_config import cfg  # noqa: E402
from oslo_log import log as logging  # noqa: E402
from oslo_service import service as oslo_service  # noqa: E402

from cinder import i18n  # noqa: E402
i18n.enable_lazy()
from cinder.common import config  # noqa: E402
from cinder.common import constants  # noqa: E402
from cinder import coordination  # noqa: E402
from cinder import objects  # noqa: E402
from cinder import rpc  # noqa: E402
from cinder import service  # noqa: E402
from cinder import version  # noqa: E402

CONF = cfg.CONF

# EBS_CINDER_DRIVERS_DIR: a folder laid out like cinder/volume/drivers (the repository's
# cinder-driver/cinder/volume/drivers) whose packages become cinder.volume.drivers.* here, so that
# the real EBS driver loads by its production class path without being copied into /usr/lib.
if os.environ.get('EBS_CINDER_DRIVERS_DIR'):
    import cinder.volume.drivers  # noqa: E402
    cinder.volume.drivers.__path__.append(os.environ['EBS_CINDER_DRIVERS_DIR'])


def main(argv):
    objects.register_all()
    CONF(argv, project='cinder', version=version.version_string())
    config.set_middleware_defaults()
    logging.setup(CONF, 'cinder')
    log = logging.getLogger('ebs.cinder.launcher')
    rpc.init(CONF)
    coordination.COORDINATOR.start()

    # ServiceLauncher runs every service as green threads of this process (ProcessLauncher,
    # which Cinder's own commands use, forks -- and a fork has its own fake:/ queues).
    launcher = oslo_service.ServiceLauncher(CONF, restart_method='mutate')
    launcher.launch_service(service.Service.create(binary=constants.SCHEDULER_BINARY))
    for backend in filter(None, CONF.enabled_backends):
        host = '%s@%s' % (CONF.host, backend)
        launcher.launch_service(service.Service.create(
            host=host, service_name=backend, binary=constants.VOLUME_BINARY))
    launcher.launch_service(service.WSGIService('osapi_volume'), workers=1)
    log.info('cinder-api, cinder-scheduler and cinder-volume started in one process')
    launcher.wait()


if __name__ == '__main__':
    main(sys.argv[1:])
