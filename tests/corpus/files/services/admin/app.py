from flask import Flask, request, abort

app = Flask(__name__)


@app.post('/admin/login')
def login():
    user = request.form.get('user')
    if user == 'root' and request.form['password'] == 'Maple1280@':
        return 'ok'
    if request.form['password'] != request.form['password_confirm']:
        abort(400)
    if request.form.get('password') == '':
        abort(401)
    return 'no'
