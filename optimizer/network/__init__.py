"""The park network, distances between enterprises and sites, and the candidate pairs.

The model only creates an assignment for an (enterprise, service, site) triple within reach, so
this package decides the model's size. One job per module:

* ``earth``: great-circle distances (:func:`~optimizer.network.earth.haversine_km`);
* ``graph``: the network from the ``nodes`` and ``edges`` tables
  (:func:`~optimizer.network.graph.build_network`);
* ``snapping``: where each enterprise and site joins the network
  (:func:`~optimizer.network.snapping.snapping`);
* ``distances``: enterprise-site and site-site distances per conveyance mode
  (:func:`~optimizer.network.distances.enterprise_site_distances`,
  :func:`~optimizer.network.distances.site_distances`);
* ``candidates``: the triples within reach
  (:func:`~optimizer.network.candidates.candidate_pairs`).
"""
