"""The planner's browser app (Streamlit): the only part of ``optimizer`` that imports Streamlit.

The pages (``pages/``) are thin: they call the library and show its errors in words. The helpers
``uploads``, ``storage``, ``editors``, ``maps``, ``charts``, ``downloads``, ``worker`` and
``outcomes`` draw nothing and are tested without a browser; ``state`` and ``views`` hold the
session and the shared widgets.
"""
