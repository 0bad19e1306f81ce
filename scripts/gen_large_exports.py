#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes large synthetic exports for measuring structure analysis by hand
(docs/hardening.md, "Measured"): a Kubernetes `List` of Secrets and
ServiceAccounts as `kubectl get -o yaml` and `-o json` print it, the same
objects as a multi-document stream, an AWS `get-account-authorization-details`
export, and the shapes that cost structure analysis most per byte, just under
its bounds (worst-*: 2.5M YAML nodes of `[a,a,...]`, 14M JSON values).

    scripts/gen_large_exports.py OUTDIR [MEGABYTES]   # default 63
    /usr/bin/time -v build/cli/nhi import OUTDIR/k8s-list.yaml --format json >/dev/null

Every value is synthetic (no real key)."""
import base64
import json
import os
import re
import sys


def k8s_item(i):
    ns = "team-%d" % (i % 40)
    meta = {"creationTimestamp": "2024-01-02T03:04:05Z",
            "labels": {"app": "svc-%d" % i, "owner": "team-%d" % (i % 40)},
            "namespace": ns, "resourceVersion": str(100000 + i), "uid": "00000000-0000-4000-8000-%012d" % i}
    if i % 3 == 2:
        meta.update(name="sa-%d" % i,
                    annotations={"eks.amazonaws.com/role-arn": "arn:aws:iam::123456789012:role/sa-%d" % i})
        return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta,
                "secrets": [{"name": "sa-%d-token" % i}]}
    meta.update(name="secret-%d" % i, annotations={"kubectl.kubernetes.io/last-applied-configuration": json.dumps(
        {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "secret-%d" % i, "namespace": ns}})})
    data = {
        "username": base64.b64encode(b"svc-user-%d" % i).decode(),
        "password": base64.b64encode(b"p4ss-%08d-synthetic-value-xyz" % i).decode(),
        "config": base64.b64encode(b"host=db-%d.internal port=5432 sslmode=require" % i).decode(),
    }
    return {"apiVersion": "v1", "kind": "Secret", "type": "Opaque", "data": data, "metadata": meta}


def yaml_scalar(v):
    if isinstance(v, str):
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9._/=+-]*", v) and v not in ("true", "false", "null", "yes", "no"):
            return v  # plain, as kubectl prints names
        return json.dumps(v)  # a JSON string is a valid YAML double-quoted scalar
    return str(v)


def yaml_lines(v, indent):
    """Block YAML as kubectl prints it (maps sorted, sequences of maps with '- ')."""
    pad = " " * indent
    out = []
    if isinstance(v, dict):
        for k in sorted(v):
            x = v[k]
            if isinstance(x, (dict, list)) and x:
                out.append("%s%s:" % (pad, k))
                out.extend(yaml_lines(x, indent + 2 if isinstance(x, dict) else indent))
            else:
                out.append("%s%s: %s" % (pad, k, yaml_scalar(x)))
    else:
        for x in v:
            sub = yaml_lines(x, indent + 2)
            sub[0] = pad + "- " + sub[0][indent + 2:]
            out.extend(sub)
    return out


def write_k8s(outdir, target):
    """Each file grows item by item until it holds `target` bytes."""
    with open(os.path.join(outdir, "k8s-list.yaml"), "w") as f:
        f.write("apiVersion: v1\nitems:\n")
        i = 0
        while f.tell() < target:
            f.write("\n".join(yaml_lines([k8s_item(i)], 0)) + "\n")
            i += 1
        f.write('kind: List\nmetadata:\n  resourceVersion: ""\n')
    with open(os.path.join(outdir, "k8s-list.json"), "w") as f:
        f.write('{\n    "apiVersion": "v1",\n    "items": [')
        i = 0
        while f.tell() < target:
            body = json.dumps(k8s_item(i), indent=4).replace("\n", "\n        ")
            f.write((",\n        " if i else "\n        ") + body)
            i += 1
        f.write('\n    ],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n')
    # The same objects as a multi-document stream (kubectl apply -f style).
    with open(os.path.join(outdir, "k8s-stream.yaml"), "w") as f:
        i = 0
        while f.tell() < target:
            f.write("---\n" + "\n".join(yaml_lines(k8s_item(i), 0)) + "\n")
            i += 1


def write_aws(outdir, target):
    users, roles, size, i = [], [], 0, 0
    while size < target:
        users.append({
            "Path": "/", "UserName": "user-%d" % i, "UserId": "AIDA%016d" % i,
            "Arn": "arn:aws:iam::123456789012:user/user-%d" % i, "CreateDate": "2021-03-04T10:14:00+00:00",
            "UserPolicyList": [{"PolicyName": "inline-%d" % i, "PolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
                               "Resource": "arn:aws:s3:::bucket-%d/*" % i}]}}],
            "GroupList": ["devs"], "AttachedManagedPolicies": [
                {"PolicyName": "ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
            "Tags": [{"Key": "owner", "Value": "team-%d" % (i % 40)}]})
        roles.append({
            "Path": "/", "RoleName": "role-%d" % i, "RoleId": "AROA%016d" % i,
            "Arn": "arn:aws:iam::123456789012:role/role-%d" % i, "CreateDate": "2021-03-04T10:14:00+00:00",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "RolePolicyList": [], "AttachedManagedPolicies": [
                {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}],
            "Tags": [], "RoleLastUsed": {"LastUsedDate": "2024-05-01T06:12:00+00:00", "Region": "eu-west-1"}})
        size += 2440  # about what one user and one role take at indent 4
        i += 1
    with open(os.path.join(outdir, "aws-authorization-details.json"), "w") as f:
        json.dump({"UserDetailList": users, "GroupDetailList": [], "RoleDetailList": roles, "Policies": []},
                  f, indent=4)


def write_worst(outdir):
    nodes, values = 2_500_000 - 10, 14_000_000 - 10
    with open(os.path.join(outdir, "worst-flowseq.yaml"), "w") as f:
        f.write("apiVersion: v1\nkind: List\nitems: [" + "a," * (nodes - 5) + "a]\n")
    with open(os.path.join(outdir, "worst-strings.json"), "w") as f:
        f.write('{"UserDetailList": [' + '"",' * values + '""]}\n')


def main():
    outdir = sys.argv[1]
    megabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 63
    os.makedirs(outdir, exist_ok=True)
    target = int(megabytes * 1e6)
    write_k8s(outdir, target)
    write_aws(outdir, target)
    write_worst(outdir)
    for name in sorted(os.listdir(outdir)):
        print("%10d %s" % (os.path.getsize(os.path.join(outdir, name)), name))


if __name__ == "__main__":
    main()
