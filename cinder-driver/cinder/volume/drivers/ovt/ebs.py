"""EBSVolumeDriver: Cinder's calls become EBS custom resources; the operator does the storage.

The class path is the seed driver's, ``cinder.volume.drivers.ovt.ebs.EBSVolumeDriver``, so an
existing cinder.conf ``[EBS]`` section keeps working. The driver never runs a storage command
(no rootwrap): it writes Volumes, Snapshots, VolumeExports and FailoverPolicy changes through the
Kubernetes API and waits, at most ``ebs_timeout`` seconds, for the operator to report the result
in their status. See docs/cinder-driver.md.
"""

import secrets
import string

from oslo_log import log as logging

from cinder import exception
from cinder import interface
from cinder.volume import driver

from . import ebs_kube
from . import ebs_model as model
from . import ebs_options

LOG = logging.getLogger(__name__)

_CHAP_CHARS = string.ascii_letters + string.digits


@interface.volumedriver
class EBSVolumeDriver(driver.VolumeDriver):
    """Replicated LVM + DRBD + iSCSI volumes, run by the EBS operator on Kubernetes."""

    VERSION = '1.0.0'
    CI_WIKI_NAME = 'OVT_EBS_CI'

    def __init__(self, *args, **kwargs):
        super(EBSVolumeDriver, self).__init__(*args, **kwargs)
        self.configuration.append_config_values(ebs_options.ALL)
        # After a failover and a restart Cinder passes the backend it serves from.
        self._active_backend_id = kwargs.get('active_backend_id') or model.DEFAULT
        self._targets = []
        self._kube = None
        self._stats = {}

    # Setup.

    def _conf(self, name):
        return self.configuration.safe_get(name)

    @property
    def backend_id(self):
        return self._conf('backend_id') or self.host

    def do_setup(self, context):
        try:
            self._targets = model.parse_targets(self._conf('replication_device'))
        except ValueError as e:
            raise exception.InvalidConfigurationValue(option='replication_device',
                                                      value=str(e))
        api = ebs_kube.api_client(self._conf('ebs_kubeconfig'), self._conf('ebs_kube_context'))
        self._kube = ebs_kube.Resources(api, self._conf('ebs_namespace') or 'default',
                                        self._conf('ebs_timeout'),
                                        self._conf('ebs_poll_interval'))

    def check_for_setup_error(self):
        nodes = self._kube.list('StorageNode')
        ids = [n.get('spec', {}).get('backendId') for n in nodes]
        for backend in [self.backend_id] + self._targets:
            if backend not in ids:
                raise exception.VolumeBackendAPIException(
                    data='no StorageNode has backendId %s (found: %s); apply the StorageNodes '
                         'first (ebs-cinder-sync import-conf writes them from this cinder.conf)'
                         % (backend, ', '.join(i for i in ids if i) or 'none'))

    # Stats.

    def get_volume_stats(self, refresh=False):
        if refresh or not self._stats:
            self._update_volume_stats()
        return self._stats

    def _update_volume_stats(self):
        name = self._conf('volume_backend_name') or 'ebs'
        try:
            nodes = self._kube.list('StorageNode')
        except Exception:
            LOG.exception('EBS: cannot list StorageNodes; reporting the last stats')
            return
        wanted = [self.backend_id] + self._targets
        mine = [n for n in nodes if n.get('spec', {}).get('backendId') in wanted]
        self._stats = model.volume_stats(
            name, self.VERSION, mine, self._targets, self._conf('replication_mode'),
            self._conf('reserved_percentage') or 0)

    # Volumes.

    def _replication_status(self, replicated):
        if not replicated:
            return 'disabled'
        return 'failed-over' if self._active_backend_id != model.DEFAULT else 'enabled'

    def _create(self, volume, source=None):
        vtype = volume.volume_type
        specs = vtype.extra_specs if vtype else {}
        try:
            body = model.volume_body(volume.id, volume.project_id, volume.size,
                                     volume.volume_type_id, specs, volume.multiattach, source,
                                     self._conf('replication_mode'))
        except model.InvalidType as e:
            raise exception.VolumeBackendAPIException(
                data='volume type %s: %s' % (vtype.name if vtype else None, e))
        name = body['metadata']['name']
        obj, created = self._kube.create(body)
        if not created:
            # cinder-sync may have made it first from the same record: that one is ours too.
            if not model.same_cinder_record(obj, volume.id):
                raise exception.VolumeBackendAPIException(
                    data='Volume %s exists and is not Cinder volume %s' % (name, volume.id))
            if source and (obj.get('spec') or {}).get('source') != source:
                raise exception.VolumeBackendAPIException(
                    data='Volume %s exists without the source %s (made before this driver '
                         'was asked?); delete it and retry' % (name, source))
        wait_sync = self._conf('ebs_wait_for_sync')
        self._wait('Volume', name, lambda o: model.volume_usable(o, wait_for_sync=wait_sync),
                   'usable')
        LOG.info('EBS: Volume %s serves Cinder volume %s', name, volume.id)
        return {'replication_status':
                self._replication_status(body['spec']['replication']['enabled'])}

    def create_volume(self, volume):
        return self._create(volume)

    def create_volume_from_snapshot(self, volume, snapshot):
        return self._create(volume, {'snapshot': model.snapshot_name(snapshot.id)})

    def create_cloned_volume(self, volume, src_vref):
        return self._create(volume, {'volume': model.volume_name(src_vref.id)})

    def delete_volume(self, volume):
        name = model.volume_name(volume.id)
        if self._kube.delete('Volume', name):
            self._wait_gone('Volume', name)
        LOG.info('EBS: Volume %s deleted', name)

    def extend_volume(self, volume, new_size):
        name = model.volume_name(volume.id)

        def grow(obj):
            obj['spec']['size'] = '%dGi' % int(new_size)
        self._kube.edit('Volume', name, grow)
        self._wait('Volume', name,
                   lambda o: model.volume_usable(o, min_bytes=int(new_size) * model.GIB),
                   'grown to %d GiB' % int(new_size))

    # Snapshots.

    def create_snapshot(self, snapshot):
        body = model.snapshot_body(snapshot.id, snapshot.project_id, snapshot.volume_id)
        name = body['metadata']['name']
        obj, created = self._kube.create(body)
        if not created and not model.same_cinder_record(obj, snapshot.id):
            raise exception.VolumeBackendAPIException(
                data='Snapshot %s exists and is not Cinder snapshot %s' % (name, snapshot.id))
        self._wait('Snapshot', name, model.snapshot_ready, 'ready to use')

    def delete_snapshot(self, snapshot):
        name = model.snapshot_name(snapshot.id)
        if self._kube.delete('Snapshot', name):
            self._wait_gone('Snapshot', name)

    # Exports: one VolumeExport per volume and initiator, made in initialize_connection.

    def create_export(self, context, volume, connector):
        return None

    def ensure_export(self, context, volume):
        return None

    def remove_export(self, context, volume):
        return None

    def initialize_connection(self, volume, connector):
        initiator = (connector or {}).get('initiator')
        if not initiator:
            raise exception.InvalidConnectorException(missing='initiator')
        body = model.export_body(volume.id, initiator)
        name = body['metadata']['name']
        secret = None
        if self._conf('use_chap_auth'):
            secret = name + '-chap'
            self._kube.create_secret(secret, {
                'username': self._conf('chap_username') or 'ebs-' + volume.id[:8],
                'password': self._conf('chap_password') or ''.join(
                    secrets.choice(_CHAP_CHARS) for _ in range(24)),
            }, body['metadata']['labels'])
            body['spec']['chapSecret'] = secret
        self._kube.create(body)
        export = self._wait('VolumeExport', name, model.export_ready, 'exported')
        password = None
        if export['status'].get('authMethod'):
            password = self._kube.secret_value(export['status'].get('authSecret') or secret,
                                               'password')
        info = model.connection_info(volume.id, export, password)
        LOG.info('EBS: %s exported to %s as %s', volume.id, initiator,
                 info['data']['target_iqn'])
        return info

    def terminate_connection(self, volume, connector, **kwargs):
        initiator = (connector or {}).get('initiator')
        if initiator:
            names = [model.export_name(volume.id, initiator)]
        else:  # a forced detach of every attachment
            names = [e['metadata']['name'] for e in self._kube.list(
                'VolumeExport', '%s=%s' % (model.LABEL_VOLUME, volume.id.lower()))]
        for name in names:
            if self._kube.delete('VolumeExport', name):
                self._wait_gone('VolumeExport', name)
            self._kube.delete_secret(name + '-chap')

    # Retype and migration: not yet on the Volume spec; Cinder falls back to its generic paths.

    def retype(self, context, volume, new_type, diff, host):
        """Replication on/off and its mode change in place through the Volume spec; a change of
        thin/thick, or replication on/off of an attached volume, returns False so Cinder uses its
        generic migration. A refusal or a timeout puts the spec back and fails the call."""
        name = model.volume_name(volume.id)
        obj = self._kube.get('Volume', name)
        if obj is None:
            return False, None
        try:
            change = model.retype_change(obj, (new_type or {}).get('extra_specs') or {},
                                         self._conf('replication_mode'))
        except model.InvalidType:
            return False, None
        if change is None:
            return False, None
        if 'replicated' in change and volume.attach_status == 'attached':
            # The operator turns replication on or off only on a detached volume.
            return False, None
        before = dict(obj['spec'].get('replication') or {})
        edited = self._kube.edit(
            'Volume', name, lambda o: model.apply_retype(o, change, new_type.get('id')))
        replicated = change.get('replicated', before.get('enabled', True) is not False)
        update = {'replication_status': 'enabled' if replicated else 'disabled'}
        if not change:
            return True, update
        generation = edited['metadata'].get('generation') or 0
        try:
            self._kube.wait('Volume', name, lambda o: model.retype_done(o, change, generation),
                            'retyped')
        except (ebs_kube.WaitTimeout, ebs_kube.WaitFailed) as e:
            def restore(o):
                o['spec']['replication'] = before
            self._kube.edit('Volume', name, restore)
            raise exception.VolumeBackendAPIException(data='retype of %s: %s' % (name, e))
        return True, update

    def migrate_volume(self, context, volume, host):
        return False, None

    # Replication, per Cinder's contract (doc/source/contributor/replication.rst).

    def _policy(self):
        policy, node = model.policy_of(self.backend_id, self._kube.list('StorageNode'),
                                       self._kube.list('ReplicationPair'),
                                       self._kube.list('FailoverPolicy'))
        if policy is None:
            raise exception.UnableToFailOver(
                reason='no FailoverPolicy governs the pair of %s' % self.backend_id)
        return policy

    def _set_policy(self, change, judge, what):
        """Edits the policy's spec and waits for the operator to carry it out."""
        name = self._policy()['metadata']['name']
        self._kube.edit('FailoverPolicy', name, change)
        try:
            return self._kube.wait('FailoverPolicy', name, judge, what)
        except (ebs_kube.WaitTimeout, ebs_kube.WaitFailed) as e:
            raise exception.UnableToFailOver(reason=str(e))

    def failover(self, context, volumes, secondary_id=None, groups=None):
        """Active/Active first half: moves the pair's volumes; failover_completed records it."""
        try:
            target = model.failover_target(self.backend_id, self._active_backend_id,
                                           self._targets, secondary_id)
        except model.UnknownTarget as e:
            raise exception.InvalidReplicationTarget(reason=str(e))
        failback = target == self.backend_id
        node = model.node_of(target, self._kube.list('StorageNode'))
        if node is None:
            raise exception.UnableToFailOver(reason='no StorageNode has backendId %s' % target)

        def activate(policy):
            policy['spec']['activeBackend'] = target
        self._set_policy(activate, lambda p: model.policy_done(p, active_node=node),
                         'serving from %s' % target)
        updates = []
        for volume in volumes:
            obj = self._kube.get('Volume', model.volume_name(volume.id))
            replicated = obj is not None and \
                ((obj.get('spec') or {}).get('replication') or {}).get('enabled', True)
            if obj is not None and not replicated:
                if not failback:
                    updates.append({'volume_id': volume.id,
                                    'updates': {'status': 'error',
                                                'replication_status': 'not-capable'}})
                continue
            updates.append(model.volume_failover_update(volume.id, obj, node, failback))
        LOG.info('EBS: %s now served from %s (%d volume updates)', self.backend_id, target,
                 len(updates))
        return (model.DEFAULT if failback else target), updates, []

    def failover_completed(self, context, active_backend_id=None):
        self._active_backend_id = active_backend_id or model.DEFAULT

    def failover_host(self, context, volumes, secondary_id=None, groups=None):
        active, updates, group_updates = self.failover(context, volumes, secondary_id, groups)
        self.failover_completed(context, active)
        return active, updates, group_updates

    def freeze_backend(self, context):
        self._freeze(True)
        return True

    def thaw_backend(self, context):
        self._freeze(False)
        return True

    def _freeze(self, frozen):
        def change(policy):
            policy['spec']['frozen'] = frozen
        try:
            self._set_policy(change, lambda p: model.policy_done(p, frozen=frozen),
                             'frozen' if frozen else 'thawed')
        except exception.UnableToFailOver as e:
            raise exception.VolumeDriverException(message=e.msg)

    # Waiting.

    def _wait(self, kind, name, judge, what):
        try:
            return self._kube.wait(kind, name, judge, what)
        except (ebs_kube.WaitTimeout, ebs_kube.WaitFailed) as e:
            raise exception.VolumeBackendAPIException(data=str(e))

    def _wait_gone(self, kind, name):
        try:
            self._kube.wait_gone(kind, name)
        except ebs_kube.WaitTimeout as e:
            raise exception.VolumeBackendAPIException(data=str(e))
