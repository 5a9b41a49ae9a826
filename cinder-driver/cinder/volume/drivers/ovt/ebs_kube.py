"""The EBS custom resources through Debian's python3-kubernetes, and bounded waits on them."""

import time

from kubernetes import client as k8s
from kubernetes import config as k8s_config
from kubernetes.client.rest import ApiException

from . import ebs_model as model

PLURALS = {
    'Volume': ('volumes', True),
    'Snapshot': ('snapshots', True),
    'VolumeExport': ('volumeexports', True),
    'StorageNode': ('storagenodes', False),
    'ReplicationPair': ('replicationpairs', False),
    'FailoverPolicy': ('failoverpolicies', False),
}

CONFLICT_ATTEMPTS = 10


class WaitTimeout(Exception):
    """The operator did not finish in time; the message says what was awaited and what it shows."""


class WaitFailed(Exception):
    """The operator reports an outcome waiting cannot change; the message has its reason."""


def api_client(kubeconfig=None, context=None):
    """A client from a kubeconfig file, or the Pod's service account when kubeconfig is None."""
    if kubeconfig:
        return k8s_config.new_client_from_config(config_file=kubeconfig, context=context)
    configuration = k8s.Configuration()
    k8s_config.load_incluster_config(client_configuration=configuration)
    return k8s.ApiClient(configuration)


class Resources(object):
    """Get, create, replace and delete EBS resources in one namespace (or cluster-wide)."""

    def __init__(self, api, namespace, timeout, poll_interval, clock=time.monotonic,
                 sleep=time.sleep):
        self.custom = k8s.CustomObjectsApi(api)
        self.core = k8s.CoreV1Api(api)
        self.namespace = namespace
        self.timeout = timeout
        self.poll_interval = poll_interval
        self._clock = clock
        self._sleep = sleep

    def _args(self, kind):
        plural, namespaced = PLURALS[kind]
        args = {'group': model.GROUP, 'version': model.VERSION, 'plural': plural}
        if namespaced:
            args['namespace'] = self.namespace
        return args, namespaced

    def get(self, kind, name):
        """The resource as a dict, or None when it does not exist."""
        args, namespaced = self._args(kind)
        try:
            if namespaced:
                return self.custom.get_namespaced_custom_object(name=name, **args)
            return self.custom.get_cluster_custom_object(name=name, **args)
        except ApiException as e:
            if e.status == 404:
                return None
            raise

    def list(self, kind, label_selector=None):
        args, namespaced = self._args(kind)
        kwargs = {'label_selector': label_selector} if label_selector else {}
        if namespaced:
            return self.custom.list_namespaced_custom_object(**args, **kwargs)['items']
        return self.custom.list_cluster_custom_object(**args, **kwargs)['items']

    def create(self, body):
        """Creates it; returns (object, True), or (existing object, False) when it exists."""
        args, namespaced = self._args(body['kind'])
        try:
            if namespaced:
                return self.custom.create_namespaced_custom_object(body=body, **args), True
            return self.custom.create_cluster_custom_object(body=body, **args), True
        except ApiException as e:
            if e.status != 409:
                raise
        existing = self.get(body['kind'], body['metadata']['name'])
        if existing is None:  # deleted in between: once more
            return self.create(body)
        return existing, False

    def edit(self, kind, name, change):
        """Reads, changes (change(obj) edits the dict) and replaces it under the version read,
        again on a conflict (the operator or cinder-sync wrote meanwhile). Returns the result."""
        args, namespaced = self._args(kind)
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            obj = self.get(kind, name)
            if obj is None:
                raise WaitFailed('%s %s does not exist' % (kind, name))
            change(obj)
            try:
                if namespaced:
                    return self.custom.replace_namespaced_custom_object(name=name, body=obj,
                                                                        **args)
                return self.custom.replace_cluster_custom_object(name=name, body=obj, **args)
            except ApiException as e:
                if e.status != 409 or attempt == CONFLICT_ATTEMPTS:
                    raise

    def delete(self, kind, name):
        """Deletes it; False when it was not there."""
        args, namespaced = self._args(kind)
        try:
            if namespaced:
                self.custom.delete_namespaced_custom_object(name=name, **args)
            else:
                self.custom.delete_cluster_custom_object(name=name, **args)
            return True
        except ApiException as e:
            if e.status == 404:
                return False
            raise

    def wait(self, kind, name, judge, what):
        """Polls until judge(obj) says 'done' (returns obj) or 'failed' (WaitFailed), at most
        the timeout (WaitTimeout, naming what was awaited and the last Ready condition)."""
        deadline = self._clock() + self.timeout
        while True:
            obj = self.get(kind, name)
            verdict = judge(obj) if obj is not None else 'gone'
            if verdict == 'done':
                return obj
            if verdict == 'failed':
                raise WaitFailed('%s %s: %s' % (kind, name, model.ready_message(obj)))
            if verdict == 'gone':
                raise WaitFailed('%s %s was deleted while waiting for it to be %s'
                                 % (kind, name, what))
            if self._clock() >= deadline:
                raise WaitTimeout('%s %s not %s after %ss (%s)' % (
                    kind, name, what, self.timeout, model.ready_message(obj)))
            self._sleep(self.poll_interval)

    def wait_gone(self, kind, name, what='deleted'):
        deadline = self._clock() + self.timeout
        while True:
            obj = self.get(kind, name)
            if obj is None:
                return
            if self._clock() >= deadline:
                raise WaitTimeout('%s %s not %s after %ss (%s)' % (
                    kind, name, what, self.timeout, model.ready_message(obj)))
            self._sleep(self.poll_interval)

    # Secrets for CHAP.

    def create_secret(self, name, data, labels):
        # apiVersion and kind are spelt out: the client omits them otherwise, and an API server
        # may refuse the body (the embedded one answers 422 "kind is required")
        body = k8s.V1Secret(api_version='v1', kind='Secret',
                            metadata=k8s.V1ObjectMeta(name=name, labels=labels),
                            string_data=data, type='Opaque')
        try:
            self.core.create_namespaced_secret(self.namespace, body)
        except ApiException as e:
            if e.status != 409:
                raise

    def secret_value(self, name, key):
        """A key's value: from data (base64) or, as a server without admission leaves it (the
        embedded API), stringData; the operator reads the Secret the same way."""
        import base64
        secret = self.core.read_namespaced_secret(name, self.namespace)
        raw = (secret.data or {}).get(key)
        if raw is not None:
            return base64.b64decode(raw).decode('utf-8')
        return (secret.string_data or {}).get(key)

    def delete_secret(self, name):
        try:
            self.core.delete_namespaced_secret(name, self.namespace)
        except ApiException as e:
            if e.status != 404:
                raise
