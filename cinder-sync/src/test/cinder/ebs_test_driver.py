"""A Cinder volume driver for cinder-sync's tests: volumes exist only as Cinder's own records.

It reports what the real EBS driver will report (issue 7) -- the configured volume_backend_name,
replication enabled towards the configured replication_device, thin and thick capacity -- and
follows Cinder's replication contract for failover_host, freeze and thaw, so that the API,
scheduler and volume manager behave as they will in production. It stores no data: it exists to
test the mirror between Cinder and the custom resources, not storage.
"""

from oslo_log import log as logging

from cinder import exception
from cinder.volume import driver

LOG = logging.getLogger(__name__)

DEFAULT = 'default'  # Cinder's name for "the primary backend" in failover_host


class EbsTestDriver(driver.VolumeDriver):
    """Records-only driver with Cinder's v2.1 replication API."""

    VERSION = '0.1.0'

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Cinder passes the service's active_backend_id after a failover and a restart, and a
        # driver must keep serving from that backend then.
        self._active_backend_id = kwargs.get('active_backend_id') or DEFAULT
        self._targets = []
        self._stats = {}

    def do_setup(self, context):
        devices = self.configuration.safe_get('replication_device') or []
        self._targets = [d['backend_id'] for d in devices]
        if DEFAULT in self._targets:
            raise exception.InvalidConfigurationValue(
                option='replication_device', value=DEFAULT)

    def check_for_setup_error(self):
        return

    def _update_volume_stats(self):
        name = self.configuration.safe_get('volume_backend_name') or 'ebs'
        replicated = bool(self._targets)
        self._stats = {
            'volume_backend_name': name,
            'vendor_name': 'OVT',
            'driver_version': self.VERSION,
            'storage_protocol': 'iSCSI',
            'total_capacity_gb': 1000,
            'free_capacity_gb': 900,
            'provisioned_capacity_gb': 100,
            'max_over_subscription_ratio': 20.0,
            'thin_provisioning_support': True,
            'thick_provisioning_support': True,
            'reserved_percentage': 0,
            'replication_enabled': replicated,
            'replication_targets': list(self._targets),
            'replication_type': ['sync'] if replicated else [],
            'multiattach': False,
        }

    def _replication_status(self, volume):
        specs = volume.volume_type.extra_specs if volume.volume_type else {}
        wanted = specs.get('replication_enabled') == '<is> True'
        if not wanted:
            return 'disabled'
        return 'failed-over' if self._active_backend_id != DEFAULT else 'enabled'

    # Volumes and snapshots: nothing to do beyond the records Cinder keeps itself.

    def create_volume(self, volume):
        return {'replication_status': self._replication_status(volume)}

    def create_volume_from_snapshot(self, volume, snapshot):
        return self.create_volume(volume)

    def create_cloned_volume(self, volume, src_vref):
        return self.create_volume(volume)

    def delete_volume(self, volume):
        return

    def extend_volume(self, volume, new_size):
        return

    def create_snapshot(self, snapshot):
        return

    def delete_snapshot(self, snapshot):
        return

    def create_export(self, context, volume, connector):
        return

    def ensure_export(self, context, volume):
        return

    def remove_export(self, context, volume):
        return

    def initialize_connection(self, volume, connector):
        return {'driver_volume_type': 'iscsi', 'data': {
            'target_discovered': False,
            'target_iqn': 'iqn.2026-11.io.ovt.ebs:' + volume.id,
            'target_portal': '127.0.0.1:3260',
            'target_lun': 1,
            'volume_id': volume.id,
        }}

    def terminate_connection(self, volume, connector, **kwargs):
        return

    # Replication, per doc/source/contributor/replication.rst.

    def failover_host(self, context, volumes, secondary_id=None, groups=None):
        if secondary_id == DEFAULT:
            target = DEFAULT
        elif secondary_id is None:
            others = [t for t in self._targets if t != self._active_backend_id]
            if not others:
                raise exception.UnableToFailOver(reason='no replication target left')
            target = others[0]
        elif secondary_id in self._targets:
            target = secondary_id
        else:
            raise exception.InvalidReplicationTarget(
                reason='%s is not a configured replication_device' % secondary_id)

        updates = []
        for volume in volumes:
            replicated = self._replication_status(volume) != 'disabled'
            if target == DEFAULT:
                # failback leaves non-replicated volumes untouched
                if replicated:
                    updates.append({'volume_id': volume.id,
                                    'updates': {'replication_status': 'enabled'}})
            elif replicated:
                updates.append({'volume_id': volume.id,
                                'updates': {'replication_status': 'failed-over'}})
            else:
                # the contract: a volume with no copy on the target cannot follow the failover
                updates.append({'volume_id': volume.id,
                                'updates': {'status': 'error',
                                            'replication_status': 'not-capable'}})
        self._active_backend_id = target
        LOG.info('EBS test driver failed over to %s (%d volume updates)', target, len(updates))
        # Cinder records '' as the active backend after a failback to the primary
        return target, updates, []

    def freeze_backend(self, context):
        # the control plane goes read-only; Cinder itself refuses changes while frozen
        return True

    def thaw_backend(self, context):
        return True
