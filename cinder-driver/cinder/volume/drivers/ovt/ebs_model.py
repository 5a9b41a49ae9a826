"""What the driver writes and reads, as plain dicts: names, labels, resource bodies, connection
info, stats and the replication decisions. No Cinder, no Kubernetes client: unit-tested alone.

The names and labels are cinder-sync's (cinder-sync/.../mirror/MirrorNames.java and
VolumeMirrorPlan): a Volume ``cinder-<volume id>`` and a Snapshot ``cinder-snapshot-<snapshot
id>``, labelled ``app.kubernetes.io/managed-by=ebs-cinder-sync``, ``ebs.ovt.io/project`` and (on
Volumes) ``ebs.ovt.io/cinder-type-id``, with ``spec.cinder {id, projectId}``. So the objects this
driver makes are the ones cinder-sync would make for the same Cinder records, and it takes them as
its own: both converge on one object (docs/cinder-driver.md).
"""

import hashlib
import re

GROUP = 'ebs.ovt.io'
VERSION = 'v1alpha1'

MANAGED_BY = 'app.kubernetes.io/managed-by'
CINDER_SYNC = 'ebs-cinder-sync'
# VolumeExports and CHAP Secrets are the driver's alone (cinder-sync makes none).
DRIVER = 'ebs-cinder-driver'
LABEL_PROJECT = GROUP + '/project'
LABEL_TYPE = GROUP + '/cinder-type-id'
LABEL_VOLUME = GROUP + '/cinder-volume-id'

DEFAULT = 'default'  # Cinder's name for "the primary backend" in failover_host

_UUID = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
_MODES = {'async': 'async', 'a': 'async', 'semi-sync': 'semi-sync', 'b': 'semi-sync',
          'full-sync': 'full-sync', 'sync': 'full-sync', 'c': 'full-sync'}
GIB = 1 << 30


class InvalidType(ValueError):
    """A volume type whose EBS extra specs cannot be honoured."""


def _uuid(cinder_id):
    text = str(cinder_id).lower()
    if not _UUID.match(text):
        raise ValueError('Cinder id is not a UUID: %s' % cinder_id)
    return text


def volume_name(cinder_id):
    """The Volume of a Cinder volume, as cinder-sync names it."""
    return 'cinder-' + _uuid(cinder_id)


def snapshot_name(cinder_id):
    """The Snapshot of a Cinder snapshot, as cinder-sync names it."""
    return 'cinder-snapshot-' + _uuid(cinder_id)


def export_name(volume_id, initiator):
    """One VolumeExport per volume and initiator: stable, so a retried attach finds it."""
    digest = hashlib.sha256(initiator.encode('utf-8')).hexdigest()[:12]
    return volume_name(volume_id) + '-' + digest


def _is_true(spec):
    # Cinder's capability syntax "<is> True"; a bare True is what people also write.
    if spec is None:
        return False
    v = spec.strip().lower()
    if v.startswith('<is>'):
        v = v[4:].strip()
    if v == 'true':
        return True
    if v == 'false':
        return False
    raise InvalidType("replication_enabled=%s is not '<is> True' or '<is> False'" % spec)


def read_type(extra_specs, default_mode=None):
    """What a volume type asks of an EBS volume, read as cinder-sync reads it (EbsVolumeType).

    Returns {'provisioning', 'replicated', 'mode'}; mode is None when neither the type nor the
    driver's replication_mode says, leaving the pair's default.
    """
    specs = extra_specs or {}
    prov = (specs.get('provisioning:type') or 'thick').strip().lower()
    if prov not in ('thin', 'thick'):
        raise InvalidType('provisioning:type=%s is not thin or thick' % prov)
    replicated = _is_true(specs.get('replication_enabled'))
    mode = None
    if specs.get('ovt_ebs:replication_mode') is not None:
        mode = _MODES.get(specs['ovt_ebs:replication_mode'].strip().lower())
        if mode is None:
            raise InvalidType('ovt_ebs:replication_mode=%s is not async, semi-sync or full-sync'
                              % specs['ovt_ebs:replication_mode'])
    elif replicated and default_mode:
        mode = default_mode
    return {'provisioning': prov, 'replicated': replicated, 'mode': mode}


def labels(project_id, type_id=None):
    out = {MANAGED_BY: CINDER_SYNC}
    if project_id:
        out[LABEL_PROJECT] = project_id
    if type_id:
        out[LABEL_TYPE] = type_id
    return out


def volume_body(volume_id, project_id, size_gib, type_id, extra_specs, multiattach=False,
                source=None, default_mode=None):
    """The Volume of a Cinder volume; source is {'volume': name} or {'snapshot': name}.

    Without a source it is exactly cinder-sync's Volume for the same record (and with the
    driver's replication_mode unset).
    """
    t = read_type(extra_specs, default_mode)
    replication = {'enabled': t['replicated']}
    if t['replicated'] and t['mode']:
        replication['mode'] = t['mode']
    spec = {
        'size': '%dGi' % int(size_gib),
        'provisioning': t['provisioning'],
        'replication': replication,
        'multiAttach': bool(multiattach),
        'cinder': {'id': _uuid(volume_id), 'projectId': project_id},
    }
    if source:
        spec['source'] = dict(source)
    return {
        'apiVersion': GROUP + '/' + VERSION,
        'kind': 'Volume',
        'metadata': {'name': volume_name(volume_id), 'labels': labels(project_id, type_id)},
        'spec': spec,
    }


def snapshot_body(snapshot_id, project_id, volume_id):
    return {
        'apiVersion': GROUP + '/' + VERSION,
        'kind': 'Snapshot',
        'metadata': {'name': snapshot_name(snapshot_id), 'labels': labels(project_id)},
        'spec': {'volume': volume_name(volume_id),
                 'cinder': {'id': _uuid(snapshot_id), 'projectId': project_id}},
    }


def export_body(volume_id, initiator, chap_secret=None):
    spec = {'volume': volume_name(volume_id), 'initiators': [initiator]}
    if chap_secret:
        spec['chapSecret'] = chap_secret
    return {
        'apiVersion': GROUP + '/' + VERSION,
        'kind': 'VolumeExport',
        'metadata': {'name': export_name(volume_id, initiator),
                     'labels': {MANAGED_BY: DRIVER, LABEL_VOLUME: _uuid(volume_id)}},
        'spec': spec,
    }


def same_cinder_record(obj, cinder_id):
    """Whether an existing Volume or Snapshot stands for this Cinder record (ours or cinder-sync's)."""
    ref = ((obj or {}).get('spec') or {}).get('cinder') or {}
    return str(ref.get('id', '')).lower() == str(cinder_id).lower()


# Reading status.

def condition(obj, kind='Ready'):
    for c in ((obj or {}).get('status') or {}).get('conditions') or []:
        if c.get('type') == kind:
            return c
    return None


def observed(obj):
    """Whether the status was computed from the current spec."""
    meta = obj.get('metadata') or {}
    status = obj.get('status') or {}
    gen = meta.get('generation')
    seen = status.get('observedGeneration')
    return gen is None or (seen is not None and seen >= gen)


def ready_message(obj):
    c = condition(obj)
    if c is None:
        return 'no Ready condition yet'
    return '%s: %s' % (c.get('reason'), c.get('message'))


# Reasons after which waiting does not help: a person has to change something.
VOLUME_FAILED = ('InvalidSpec', 'SourceNotSupported', 'SourceNotFound', 'SourceTooLarge',
                 'SourceRefused', 'ShrinkRefused', 'NodeRejected', 'InsufficientCapacity')
SNAPSHOT_FAILED = ('VolumeNotFound', 'NodeNotFound', 'TakeFailed')
EXPORT_FAILED = ('InvalidSpec', 'VolumeNotFound', 'ChapMismatch', 'InvalidChapSecret')

USABLE = ('Available', 'Syncing')


def volume_usable(obj, min_bytes=None, wait_for_sync=False):
    """'done', 'wait' or 'failed' for a Volume being created or grown."""
    status = obj.get('status') or {}
    c = condition(obj)
    if status.get('state') == 'Error' or (
            c is not None and c.get('status') == 'False' and c.get('reason') in VOLUME_FAILED):
        return 'failed'
    if not observed(obj):
        return 'wait'
    if min_bytes is not None and (status.get('sizeBytes') or 0) < min_bytes:
        return 'wait'
    if wait_for_sync:
        return 'done' if c is not None and c.get('status') == 'True' else 'wait'
    return 'done' if status.get('state') in USABLE else 'wait'


def snapshot_ready(obj):
    status = obj.get('status') or {}
    c = condition(obj)
    if status.get('readyToUse'):
        return 'done'
    if c is not None and c.get('status') == 'False' and c.get('reason') in SNAPSHOT_FAILED:
        return 'failed'
    return 'wait'


def export_ready(obj):
    status = obj.get('status') or {}
    c = condition(obj)
    if c is not None and c.get('status') == 'False' and c.get('reason') in EXPORT_FAILED:
        return 'failed'
    if (observed(obj) and c is not None and c.get('status') == 'True'
            and status.get('targetIqn') and status.get('targetPortals')
            and status.get('targetLun') is not None):
        return 'done'
    return 'wait'


def connection_info(volume_id, export, chap_password=None):
    """initialize_connection's answer from a ready VolumeExport: os-brick's iSCSI properties,
    with every portal of the serving node for multipath (target_portals/iqns/luns)."""
    status = export['status']
    portals = list(status['targetPortals'])
    iqn = status['targetIqn']
    lun = int(status['targetLun'])
    data = {
        'target_discovered': False,
        'target_iqn': iqn,
        'target_portal': portals[0],
        'target_lun': lun,
        'target_iqns': [iqn] * len(portals),
        'target_portals': portals,
        'target_luns': [lun] * len(portals),
        'volume_id': volume_id,
        'discard': False,
    }
    if status.get('authMethod'):
        data['auth_method'] = status['authMethod']
        data['auth_username'] = status.get('authUsername')
        data['auth_password'] = chap_password
    return {'driver_volume_type': 'iscsi', 'data': data}


# Stats.

def _gib(n):
    return round((n or 0) / GIB, 2)


def volume_stats(backend_name, version, nodes, targets, mode, reserved_percentage=0):
    """get_volume_stats from the StorageNodes that hold this backend's volumes (its own and its
    replication targets'): a replicated volume needs room on both, so the smallest counts."""
    caps = [((n.get('status') or {}).get('capacity') or {}) for n in nodes]
    caps = [c for c in caps if c.get('vgSizeBytes')]
    ratios = [(n.get('spec') or {}).get('maxOverSubscriptionRatio') for n in nodes]
    ratios = [r for r in ratios if r]
    thin = bool(nodes) and all((n.get('spec') or {}).get('thinPool') for n in nodes)
    total = min((_gib(c['vgSizeBytes']) for c in caps), default=0)
    free = min((_gib(c.get('vgFreeBytes')) for c in caps), default=0)
    stats = {
        'volume_backend_name': backend_name,
        'vendor_name': 'OVT',
        'driver_version': version,
        'storage_protocol': 'iSCSI',
        'total_capacity_gb': total,
        'free_capacity_gb': free,
        'reserved_percentage': reserved_percentage,
        'thin_provisioning_support': thin,
        'thick_provisioning_support': True,
        'max_over_subscription_ratio': min(ratios) if ratios else 20.0,
        'replication_enabled': bool(targets),
        'replication_targets': list(targets),
        'replication_type': ['sync' if mode == 'full-sync' else 'async'] if targets else [],
        'ovt_ebs:replication_mode': mode,
        'multiattach': True,
        'online_extend_support': True,
    }
    if thin:
        pools = [c for c in caps if c.get('thinPoolSizeBytes')]
        stats['thin_pool_capacity_gb'] = min((_gib(c['thinPoolSizeBytes']) for c in pools),
                                             default=0)
        stats['thin_pool_free_gb'] = min(
            (_gib(c['thinPoolSizeBytes'] * (1 - (c.get('thinPoolDataPercent') or 0) / 100.0))
             for c in pools), default=0)
    return stats


# Replication.

def parse_targets(devices):
    """replication_device entries (Cinder parses them to dicts) to their backend ids."""
    out = []
    for d in devices or []:
        backend = (d or {}).get('backend_id')
        if not backend:
            raise ValueError('a replication_device has no backend_id: %s' % d)
        if backend == DEFAULT:
            raise ValueError("a replication_device's backend_id must not be 'default'")
        out.append(backend)
    return out


class UnknownTarget(ValueError):
    """secondary_id names no configured replication_device."""


def failover_target(own_backend, active_backend_id, targets, secondary_id):
    """The backend id to serve from for failover_host(secondary_id); own_backend for failback.

    active_backend_id is Cinder's (None, '' or 'default' when the service serves from its own).
    """
    if secondary_id == DEFAULT:
        return own_backend
    if secondary_id is None:
        current = active_backend_id if active_backend_id not in (None, '', DEFAULT) \
            else own_backend
        others = [t for t in targets if t != current]
        if not others:
            raise UnknownTarget('no replication target other than %s' % current)
        return others[0]
    if secondary_id in targets:
        return secondary_id
    raise UnknownTarget('%s is not a configured replication_device (%s)'
                        % (secondary_id, ', '.join(targets) or 'none'))


def volume_failover_update(volume_id, volume_obj, target_node, failback):
    """The volume_updates entry for one replicated volume after the policy moved to target_node.

    A volume the operator moved reports failed-over (enabled after a failback); one it did not
    (gone, refused as an outdated standby) reports failover-error, which Cinder turns into an
    error status for it and its snapshots.
    """
    served = volume_obj is not None and \
        ((volume_obj.get('status') or {}).get('primaryNode') == target_node)
    if served:
        return {'volume_id': volume_id,
                'updates': {'replication_status': 'enabled' if failback else 'failed-over'}}
    return {'volume_id': volume_id, 'updates': {'replication_status': 'failover-error'}}


def policy_of(backend_id, nodes, pairs, policies):
    """The FailoverPolicy of the pair holding the StorageNode with this backend id, as
    cinder-sync's ServiceMirror finds it; (policy, node name) or (None, node name or None)."""
    node = next((n['metadata']['name'] for n in nodes
                 if (n.get('spec') or {}).get('backendId') == backend_id), None)
    if node is None:
        return None, None
    pair_names = [p['metadata']['name'] for p in pairs
                  if node in ((p.get('spec') or {}).get('nodes') or [])]
    policy = next((p for p in policies
                   if (p.get('spec') or {}).get('pair') in pair_names), None)
    return policy, node


def node_of(backend_id, nodes):
    return next((n['metadata']['name'] for n in nodes
                 if (n.get('spec') or {}).get('backendId') == backend_id), None)


def policy_done(policy, active_node=None, frozen=None):
    """'done', 'wait' or 'failed' for a FailoverPolicy whose spec was just changed."""
    status = policy.get('status') or {}
    c = condition(policy)
    if c is not None and c.get('status') == 'False' and c.get('reason') in (
            'InvalidSpec', 'PairNotFound', 'UnknownBackend'):
        return 'failed'
    if not observed(policy):
        return 'wait'
    state = status.get('state')
    if state == 'FailingOver':
        return 'wait'
    if active_node is not None and status.get('activeNode') != active_node:
        return 'wait'
    if frozen is True and state != 'Frozen':
        return 'wait'
    if frozen is False and state == 'Frozen':
        return 'wait'
    return 'done'


# Retype.

def retype_change(volume_obj, new_extra_specs, default_mode=None):
    """What a retype to a type with new_extra_specs changes on the Volume, done in place.

    Returns None when it cannot be done in place (thin/thick differs: a copy, Cinder's generic
    migration does it), {} when nothing changes for EBS, else {'replicated': bool} and/or
    {'mode': str}: replication turned on or off, or its mode.
    """
    spec = volume_obj.get('spec') or {}
    new = read_type(new_extra_specs, default_mode)
    if new['provisioning'] != (spec.get('provisioning') or 'thick'):
        return None
    replication = spec.get('replication') or {}
    was_replicated = replication.get('enabled', True) is not False
    change = {}
    if new['replicated'] != was_replicated:
        change['replicated'] = new['replicated']
    if new['replicated'] and new['mode'] and new['mode'] != replication.get('mode'):
        change['mode'] = new['mode']
    return change


def apply_retype(obj, change, type_id):
    """Edits a Volume dict for a retype change (see retype_change) and its type label."""
    replication = obj['spec'].setdefault('replication', {})
    if 'replicated' in change:
        replication['enabled'] = change['replicated']
    if 'mode' in change:
        replication['mode'] = change['mode']
    if type_id:
        obj['metadata'].setdefault('labels', {})[LABEL_TYPE] = type_id


# The Retype condition's reasons that end a retype, and those after which waiting does not help.
RETYPE_DONE = {'mode': 'Retyped', 'on': 'ReplicationAdded', 'off': 'ReplicationRemoved'}
RETYPE_FAILED = ('ExportedVolume', 'NodeRejected')


def retype_done(obj, change, generation):
    """'done', 'wait' or 'failed' for a Volume whose spec was edited to generation."""
    c = condition(obj, 'Retype')
    if c is None or (c.get('observedGeneration') or 0) < generation:
        return 'wait'
    if c.get('status') == 'False' and c.get('reason') in RETYPE_FAILED:
        return 'failed'
    if 'replicated' in change:
        wanted = RETYPE_DONE['on' if change['replicated'] else 'off']
    else:
        wanted = RETYPE_DONE['mode']
    return 'done' if c.get('status') == 'True' and c.get('reason') == wanted else 'wait'

