"""Unit tests of the bounded waits (cinder/volume/drivers/ovt/ebs_kube.py), with a fake clock and
a fake API: a timeout fails clearly, a refusal fails at once."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', '..', '..', 'cinder', 'volume',
                                'drivers'))

from ovt import ebs_kube  # noqa: E402
from ovt import ebs_model as model  # noqa: E402


class FakeClock(object):
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


class Scripted(ebs_kube.Resources):
    """Resources whose get() answers from a list, the last answer repeating."""

    def __init__(self, answers, timeout=10, poll=1.0):
        self.clock = FakeClock()
        self.answers = list(answers)
        self.gets = 0
        self.namespace = 'default'
        self.timeout = timeout
        self.poll_interval = poll
        self._clock = self.clock
        self._sleep = self.clock.sleep

    def get(self, kind, name):
        self.gets += 1
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def vol(state, reason='Creating', ready='False', message='placing'):
    return {'metadata': {'generation': 1},
            'status': {'state': state, 'observedGeneration': 1,
                       'conditions': [{'type': 'Ready', 'status': ready, 'reason': reason,
                                       'message': message}]}}


class WaitTest(unittest.TestCase):
    def test_returns_once_done(self):
        r = Scripted([vol('Pending'), vol('Creating'), vol('Syncing', 'Syncing')])
        obj = r.wait('Volume', 'cinder-x', model.volume_usable, 'usable')
        self.assertEqual('Syncing', obj['status']['state'])
        self.assertEqual(3, r.gets)

    def test_a_timeout_names_what_was_awaited_and_the_last_condition(self):
        r = Scripted([vol('Pending', 'SwitchoverWaiting', message='pair is frozen')], timeout=5)
        with self.assertRaises(ebs_kube.WaitTimeout) as caught:
            r.wait('Volume', 'cinder-x', model.volume_usable, 'usable')
        self.assertEqual('Volume cinder-x not usable after 5s (SwitchoverWaiting: pair is frozen)',
                         str(caught.exception))
        self.assertLessEqual(r.clock.now, 6)

    def test_a_refusal_fails_at_once(self):
        r = Scripted([vol('Pending', 'SourceTooLarge', message='snapshot of 4Gi')])
        with self.assertRaisesRegex(ebs_kube.WaitFailed, 'SourceTooLarge: snapshot of 4Gi'):
            r.wait('Volume', 'cinder-x', model.volume_usable, 'usable')
        self.assertEqual(1, r.gets)

    def test_deleted_while_waiting(self):
        r = Scripted([None])
        with self.assertRaisesRegex(ebs_kube.WaitFailed, 'deleted while waiting'):
            r.wait('Volume', 'cinder-x', model.volume_usable, 'usable')

    def test_wait_gone(self):
        r = Scripted([vol('Deleting'), None])
        r.wait_gone('Volume', 'cinder-x')
        r = Scripted([vol('Deleting', 'DeleteBlocked', message='exported')], timeout=3)
        with self.assertRaisesRegex(ebs_kube.WaitTimeout, 'DeleteBlocked: exported'):
            r.wait_gone('Volume', 'cinder-x')


class FakeCore(object):
    """CoreV1Api's create_namespaced_secret, keeping what it was sent."""

    def __init__(self):
        self.sent = []

    def create_namespaced_secret(self, namespace, body):
        self.sent.append((namespace, body))

    def read_namespaced_secret(self, name, namespace):
        return self.sent[0][1]


class SecretTest(unittest.TestCase):
    def test_the_secret_body_names_its_api_version_and_kind(self):
        r = Scripted([None])
        r.core = FakeCore()
        r.create_secret('cinder-x-1234-chap', {'username': 'u', 'password': 'p'},
                        {'app.kubernetes.io/managed-by': 'ebs-cinder-driver'})
        namespace, body = r.core.sent[0]
        self.assertEqual('default', namespace)
        sent = ebs_kube.k8s.ApiClient().sanitize_for_serialization(body)
        self.assertEqual({'apiVersion': 'v1', 'kind': 'Secret',
                          'metadata': {'name': 'cinder-x-1234-chap',
                                       'labels': {'app.kubernetes.io/managed-by':
                                                  'ebs-cinder-driver'}},
                          'stringData': {'username': 'u', 'password': 'p'},
                          'type': 'Opaque'}, sent)


    def test_a_secret_value_is_read_from_data_or_string_data(self):
        r = Scripted([None])
        r.core = FakeCore()
        r.create_secret('s', {'username': 'u'}, {})
        # as the embedded API keeps it: stringData only
        self.assertEqual('u', r.secret_value('s', 'username'))
        self.assertIsNone(r.secret_value('s', 'password'))
        # as Kubernetes keeps it: data, base64
        r.core.sent[0][1].data = {'password': 'c2VjcmV0'}
        self.assertEqual('secret', r.secret_value('s', 'password'))


if __name__ == '__main__':
    unittest.main()
