"""The ``[EBS]`` options: the seed driver's, and the ones this driver adds.

The seed's storage options (backend_ip, backend_port, volume_group, replication_resync_rate,
replication_starting_port, the target_* options) are accepted so that an existing cinder.conf
keeps working, but the storage side now reads them from the StorageNode and ReplicationPair
resources (``ebs-cinder-sync import-conf`` writes those from this same section); the driver only
logs where they differ from what it can check. Options Cinder registers itself (target_*,
replication_device, use_chap_auth) are not registered again here.
"""

from oslo_config import cfg

MODES = ('async', 'semi-sync', 'full-sync')

# The seed's options, same names and defaults.
seed_opts = [
    cfg.StrOpt('backend_id',
               help='Backend id of this storage host, e.g. hci-0001@EBS (the StorageNode\'s '
                    'spec.backendId). Default: the cinder-volume service\'s host@backend.'),
    cfg.StrOpt('backend_ip',
               help='Seed option: the node daemon\'s address. Now the StorageNode\'s '
                    'spec.address; accepted and not used by the driver.'),
    cfg.PortOpt('backend_port', default=7000,
                help='Seed option: the node daemon\'s port. Now the StorageNode\'s spec.port.'),
    cfg.StrOpt('replication_mode', default='full-sync', choices=MODES,
               help='Default replication mode of new replicated volumes when their volume type '
                    'has no ovt_ebs:replication_mode; reported as the pool\'s '
                    'ovt_ebs:replication_mode. The pair\'s spec.mode is what the operator uses '
                    'when neither says.'),
    cfg.IntOpt('replication_resync_rate',
               help='Seed option: DRBD resync rate in MiB/s. Now the ReplicationPair\'s '
                    'spec.resyncRate.'),
    cfg.PortOpt('replication_starting_port',
                help='Seed option: first DRBD port. Now the ReplicationPair\'s spec.startingPort.'),
    cfg.StrOpt('volume_group',
               help='Seed option: the LVM volume group. Now the StorageNode\'s spec.volumeGroup.'),
]

# What this driver adds: how it reaches Kubernetes and how long it waits.
ebs_opts = [
    cfg.StrOpt('ebs_kubeconfig',
               help='kubeconfig file of the Kubernetes API that runs the EBS operator. Unset: '
                    'the in-cluster service account (cinder-volume running in a Pod).'),
    cfg.StrOpt('ebs_kube_context',
               help='Context of ebs_kubeconfig to use; unset: its current context.'),
    cfg.StrOpt('ebs_namespace', default='default',
               help='Namespace of the Volumes, Snapshots and VolumeExports (cinder-sync\'s '
                    '--namespace, when both run).'),
    cfg.IntOpt('ebs_timeout', default=600, min=1,
               help='Seconds to wait for the operator to finish one operation (a volume '
                    'created, a snapshot taken, an export ready, a failover done) before the '
                    'call fails.'),
    cfg.FloatOpt('ebs_poll_interval', default=1.0, min=0.05,
                 help='Seconds between two looks at a resource while waiting.'),
    cfg.BoolOpt('ebs_wait_for_sync', default=False,
                help='Whether a new replicated volume is only available once its replica is in '
                     'sync (Volume Ready); by default it is once its primary serves it (state '
                     'Syncing), as DRBD lets it be used during the initial sync.'),
]

ALL = seed_opts + ebs_opts


def list_opts():
    """For oslo-config-generator."""
    return [('EBS', ALL)]
