"""The app's pages, one file each, run by ``st.navigation`` in ``app.py``.

Each file draws its page only when Streamlit runs it (as ``__main__``); importing it draws nothing.
"""
