"""OVT EBS: the Cinder volume driver that turns Cinder's calls into EBS custom resources.

Copy this folder into Cinder's drivers folder (``cinder/volume/drivers/ovt``) and set
``volume_driver = cinder.volume.drivers.ovt.ebs.EBSVolumeDriver``; see docs/cinder-driver.md.
Nothing here imports Cinder except ``ebs.py``, so the other modules are tested on their own.
"""
