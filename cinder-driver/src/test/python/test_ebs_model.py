"""Unit tests of the driver's pure logic (cinder/volume/drivers/ovt/ebs_model.py): no Cinder, no
Kubernetes. Run: python3 -m unittest discover -s src/test/python (the Maven build does)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'cinder', 'volume',
                                'drivers'))

from ovt import ebs_model as model  # noqa: E402

VOL = '0B6C1E2A-1111-4222-8333-944455556666'
SNAP = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee'
REPLICATED = {'volume_backend_name': 'ebs', 'replication_enabled': '<is> True'}


class NamesTest(unittest.TestCase):
    def test_names_are_cinder_syncs(self):
        # MirrorNames.volumeName / snapshotName: lower-case UUID with a fixed prefix
        self.assertEqual('cinder-0b6c1e2a-1111-4222-8333-944455556666', model.volume_name(VOL))
        self.assertEqual('cinder-snapshot-' + SNAP, model.snapshot_name(SNAP))

    def test_a_non_uuid_id_is_refused(self):
        with self.assertRaises(ValueError):
            model.volume_name('not-a-uuid')

    def test_export_name_is_stable_per_initiator(self):
        a = model.export_name(VOL, 'iqn.1993-08.org.debian:01:compute-1')
        self.assertEqual(a, model.export_name(VOL, 'iqn.1993-08.org.debian:01:compute-1'))
        self.assertNotEqual(a, model.export_name(VOL, 'iqn.1993-08.org.debian:01:compute-2'))
        self.assertTrue(a.startswith(model.volume_name(VOL) + '-'))
        self.assertLessEqual(len(a), 63)


class VolumeBodyTest(unittest.TestCase):
    def test_same_spec_and_labels_as_cinder_sync(self):
        body = model.volume_body(VOL, 'c1d0', 10, 'type-1', REPLICATED, False)
        self.assertEqual({'app.kubernetes.io/managed-by': 'ebs-cinder-sync',
                          'ebs.ovt.io/project': 'c1d0',
                          'ebs.ovt.io/cinder-type-id': 'type-1'}, body['metadata']['labels'])
        self.assertEqual({'size': '10Gi', 'provisioning': 'thick',
                          'replication': {'enabled': True}, 'multiAttach': False,
                          'cinder': {'id': VOL.lower(), 'projectId': 'c1d0'}}, body['spec'])

    def test_type_extra_specs(self):
        specs = dict(REPLICATED, **{'provisioning:type': 'thin',
                                    'ovt_ebs:replication_mode': 'B'})
        spec = model.volume_body(VOL, 'p', 1, 't', specs)['spec']
        self.assertEqual('thin', spec['provisioning'])
        self.assertEqual({'enabled': True, 'mode': 'semi-sync'}, spec['replication'])

    def test_driver_mode_applies_when_the_type_has_none(self):
        spec = model.volume_body(VOL, 'p', 1, 't', REPLICATED, default_mode='async')['spec']
        self.assertEqual('async', spec['replication']['mode'])

    def test_not_replicated_without_the_extra_spec(self):
        spec = model.volume_body(VOL, 'p', 1, 't', {'volume_backend_name': 'ebs'},
                                 default_mode='full-sync')['spec']
        self.assertEqual({'enabled': False}, spec['replication'])

    def test_bad_extra_specs_are_refused_with_their_name(self):
        with self.assertRaisesRegex(model.InvalidType, 'provisioning:type=fat'):
            model.read_type({'provisioning:type': 'fat'})
        with self.assertRaisesRegex(model.InvalidType, 'replication_enabled'):
            model.read_type({'replication_enabled': 'maybe'})
        with self.assertRaisesRegex(model.InvalidType, 'ovt_ebs:replication_mode'):
            model.read_type({'ovt_ebs:replication_mode': 'D'})

    def test_source(self):
        spec = model.volume_body(VOL, 'p', 2, 't', REPLICATED,
                                 source={'snapshot': model.snapshot_name(SNAP)})['spec']
        self.assertEqual({'snapshot': 'cinder-snapshot-' + SNAP}, spec['source'])

    def test_an_existing_object_of_the_same_record_is_accepted(self):
        body = model.volume_body(VOL, 'p', 2, 't', REPLICATED)
        self.assertTrue(model.same_cinder_record(body, VOL.lower()))
        self.assertFalse(model.same_cinder_record({'spec': {}}, VOL))


def export(**status):
    base = {'targetIqn': 'iqn.2010-10.org.openstack:ebs-x',
            'targetPortals': ['10.0.251.21:3260', '10.0.252.21:3260'], 'targetLun': 0,
            'conditions': [{'type': 'Ready', 'status': 'True', 'reason': 'Exported'}],
            'observedGeneration': 1}
    base.update(status)
    return {'metadata': {'generation': 1}, 'status': base}


class ConnectionInfoTest(unittest.TestCase):
    def test_every_portal_for_multipath(self):
        info = model.connection_info(VOL, export())
        self.assertEqual('iscsi', info['driver_volume_type'])
        data = info['data']
        self.assertEqual('10.0.251.21:3260', data['target_portal'])
        self.assertEqual(['10.0.251.21:3260', '10.0.252.21:3260'], data['target_portals'])
        self.assertEqual(['iqn.2010-10.org.openstack:ebs-x'] * 2, data['target_iqns'])
        self.assertEqual([0, 0], data['target_luns'])
        self.assertEqual(0, data['target_lun'])
        self.assertNotIn('auth_method', data)

    def test_chap(self):
        data = model.connection_info(
            VOL, export(authMethod='CHAP', authUsername='u', authSecret='s'), 'pw')['data']
        self.assertEqual(('CHAP', 'u', 'pw'),
                         (data['auth_method'], data['auth_username'], data['auth_password']))

    def test_export_ready_only_with_a_target(self):
        self.assertEqual('done', model.export_ready(export()))
        self.assertEqual('wait', model.export_ready(export(targetIqn=None)))
        self.assertEqual('failed', model.export_ready(export(conditions=[
            {'type': 'Ready', 'status': 'False', 'reason': 'VolumeNotFound'}])))


def volume(state, gen=1, seen=1, size=None, ready='False', reason='Syncing'):
    return {'metadata': {'generation': gen},
            'status': {'state': state, 'observedGeneration': seen, 'sizeBytes': size,
                       'conditions': [{'type': 'Ready', 'status': ready, 'reason': reason}]}}


class WaitVerdictTest(unittest.TestCase):
    def test_usable_once_served(self):
        self.assertEqual('wait', model.volume_usable(volume('Creating')))
        self.assertEqual('done', model.volume_usable(volume('Syncing')))
        self.assertEqual('wait', model.volume_usable(volume('Syncing'), wait_for_sync=True))
        self.assertEqual('done', model.volume_usable(volume('Available', ready='True'),
                                                     wait_for_sync=True))

    def test_a_stale_status_is_not_taken(self):
        self.assertEqual('wait', model.volume_usable(volume('Available', gen=2, seen=1)))

    def test_grown(self):
        self.assertEqual('wait', model.volume_usable(volume('Available', size=1 << 30),
                                                     min_bytes=2 << 30))
        self.assertEqual('done', model.volume_usable(volume('Available', size=2 << 30),
                                                     min_bytes=2 << 30))

    def test_refusals_fail_at_once(self):
        self.assertEqual('failed', model.volume_usable(volume('Error', reason='NodeRejected')))
        self.assertEqual('failed', model.volume_usable(volume('Pending',
                                                              reason='SourceTooLarge')))


class ReplicationTest(unittest.TestCase):
    TARGETS = ['hci-0002@EBS']

    def test_targets_from_replication_device(self):
        self.assertEqual(self.TARGETS, model.parse_targets([{'backend_id': 'hci-0002@EBS',
                                                             'ip': '10.0.10.22'}]))
        with self.assertRaises(ValueError):
            model.parse_targets([{'backend_id': 'default'}])

    def test_failover_target(self):
        own = 'hci-0001@EBS'
        self.assertEqual('hci-0002@EBS',
                         model.failover_target(own, None, self.TARGETS, 'hci-0002@EBS'))
        self.assertEqual('hci-0002@EBS', model.failover_target(own, '', self.TARGETS, None))
        self.assertEqual(own, model.failover_target(own, 'hci-0002@EBS', self.TARGETS,
                                                    'default'))
        with self.assertRaises(model.UnknownTarget):
            model.failover_target(own, None, self.TARGETS, 'hci-0009@EBS')
        with self.assertRaises(model.UnknownTarget):
            model.failover_target(own, 'hci-0002@EBS', self.TARGETS, None)

    def test_volume_updates(self):
        moved = {'status': {'primaryNode': 'hci-0002'}}
        self.assertEqual({'volume_id': 'v', 'updates': {'replication_status': 'failed-over'}},
                         model.volume_failover_update('v', moved, 'hci-0002', False))
        self.assertEqual({'replication_status': 'enabled'},
                         model.volume_failover_update('v', moved, 'hci-0002', True)['updates'])
        self.assertEqual({'replication_status': 'failover-error'},
                         model.volume_failover_update('v', {'status': {'primaryNode':
                                                                       'hci-0001'}},
                                                      'hci-0002', False)['updates'])
        self.assertEqual({'replication_status': 'failover-error'},
                         model.volume_failover_update('v', None, 'hci-0002', False)['updates'])

    def test_policy_of_the_backends_pair(self):
        nodes = [{'metadata': {'name': 'hci-0001'}, 'spec': {'backendId': 'hci-0001@EBS'}}]
        pairs = [{'metadata': {'name': 'hci-pair'}, 'spec': {'nodes': ['hci-0001', 'hci-0002']}}]
        policies = [{'metadata': {'name': 'p'}, 'spec': {'pair': 'hci-pair'}}]
        policy, node = model.policy_of('hci-0001@EBS', nodes, pairs, policies)
        self.assertEqual(('p', 'hci-0001'), (policy['metadata']['name'], node))
        self.assertEqual((None, None), model.policy_of('x@EBS', nodes, pairs, policies))

    def test_policy_done(self):
        def policy(state, active, seen=2):
            return {'metadata': {'generation': 2},
                    'status': {'state': state, 'activeNode': active, 'observedGeneration': seen}}
        self.assertEqual('wait', model.policy_done(policy('Normal', 'hci-0001', seen=1),
                                                   active_node='hci-0001'))
        self.assertEqual('wait', model.policy_done(policy('FailingOver', 'hci-0002'),
                                                   active_node='hci-0002'))
        self.assertEqual('done', model.policy_done(policy('Normal', 'hci-0002'),
                                                   active_node='hci-0002'))
        self.assertEqual('wait', model.policy_done(policy('Normal', 'hci-0001'), frozen=True))
        self.assertEqual('done', model.policy_done(policy('Frozen', 'hci-0001'), frozen=True))
        self.assertEqual('done', model.policy_done(policy('Normal', 'hci-0001'), frozen=False))


class StatsTest(unittest.TestCase):
    def test_the_smaller_node_counts(self):
        def node(size, free, ratio=None):
            return {'spec': {'thinPool': 'pool', 'maxOverSubscriptionRatio': ratio},
                    'status': {'capacity': {'vgSizeBytes': size << 30, 'vgFreeBytes': free << 30,
                                            'thinPoolSizeBytes': 40 << 30,
                                            'thinPoolDataPercent': 25.0}}}
        stats = model.volume_stats('ebs', '1.0', [node(100, 90), node(100, 80, 10.0)],
                                   ['hci-0002@EBS'], 'full-sync')
        self.assertEqual(('ebs', 100, 80), (stats['volume_backend_name'],
                                            stats['total_capacity_gb'],
                                            stats['free_capacity_gb']))
        self.assertTrue(stats['replication_enabled'])
        self.assertEqual(['hci-0002@EBS'], stats['replication_targets'])
        self.assertEqual('full-sync', stats['ovt_ebs:replication_mode'])
        self.assertTrue(stats['thin_provisioning_support'])
        self.assertTrue(stats['thick_provisioning_support'])
        self.assertEqual(10.0, stats['max_over_subscription_ratio'])
        self.assertEqual(30, stats['thin_pool_free_gb'])


class RetypeTest(unittest.TestCase):
    def volume(self, enabled=True, mode=None, provisioning='thin'):
        replication = {'enabled': enabled}
        if mode:
            replication['mode'] = mode
        return {'metadata': {'generation': 3, 'labels': {}},
                'spec': {'provisioning': provisioning, 'replication': replication}}

    def test_replication_on_off_and_mode_are_changes_in_place(self):
        thin = {'provisioning:type': 'thin'}
        self.assertEqual({'replicated': False}, model.retype_change(self.volume(), thin))
        on = dict(thin, replication_enabled='<is> True')
        self.assertEqual({'replicated': True}, model.retype_change(self.volume(False), on))
        async_type = dict(on, **{'ovt_ebs:replication_mode': 'async'})
        self.assertEqual({'mode': 'async'}, model.retype_change(self.volume(), async_type))
        self.assertEqual({}, model.retype_change(self.volume(mode='async'), async_type))

    def test_thin_to_thick_is_left_to_cinders_migration(self):
        self.assertIsNone(model.retype_change(self.volume(), {'provisioning:type': 'thick',
                                                             'replication_enabled': '<is> True'}))

    def test_apply_sets_the_spec_and_the_type_label(self):
        obj = self.volume(False)
        model.apply_retype(obj, {'replicated': True, 'mode': 'semi-sync'}, 'type-2')
        self.assertEqual({'enabled': True, 'mode': 'semi-sync'}, obj['spec']['replication'])
        self.assertEqual('type-2', obj['metadata']['labels'][model.LABEL_TYPE])

    def test_done_only_with_the_reason_of_the_change_observed_at_the_new_generation(self):
        def with_retype(reason, status='True', generation=4):
            obj = self.volume()
            obj['status'] = {'conditions': [{'type': 'Retype', 'status': status,
                                             'reason': reason,
                                             'observedGeneration': generation}]}
            return obj
        self.assertEqual('wait', model.retype_done(with_retype('Retyped', generation=3),
                                                   {'mode': 'async'}, 4))
        self.assertEqual('done', model.retype_done(with_retype('Retyped'), {'mode': 'async'}, 4))
        self.assertEqual('wait', model.retype_done(with_retype('ReplicationAdding', 'False'),
                                                   {'replicated': True}, 4))
        self.assertEqual('done', model.retype_done(with_retype('ReplicationAdded'),
                                                   {'replicated': True}, 4))
        self.assertEqual('failed', model.retype_done(with_retype('ExportedVolume', 'False'),
                                                     {'replicated': False}, 4))


if __name__ == '__main__':
    unittest.main()
