import http.server, os, sys, urllib.parse
class H(http.server.SimpleHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get('Content-Length') or 0)
        body = self.rfile.read(n)
        p = urllib.parse.urlparse(self.path)
        if p.path.startswith('/upload/'):
            open(os.path.join('out', os.path.basename(p.path)), 'wb').write(body)
        elif p.path == '/log':
            print('LOG', urllib.parse.unquote(p.query), flush=True)
        elif p.path == '/done':
            open('out/DONE', 'w').write('1')
        self.send_response(200); self.end_headers()
os.makedirs('out', exist_ok=True)
http.server.ThreadingHTTPServer(('127.0.0.1', 58731), H).serve_forever()
