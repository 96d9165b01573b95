"""The Explore page's sections (:mod:`optimizer.ui.pages.explore`): the job each runs in the
app's pool with its progress and cancel (:mod:`.running`), the near-optimal alternatives
(:mod:`.alternatives`), the what-if (:mod:`.whatif`, a join from a file in :mod:`.joining`) and
the leave-one-out report (:mod:`.leave_one_out`)."""
