def graph_script(q, f): raise NotImplementedError
