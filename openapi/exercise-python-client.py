"""Uses a Python client generated from openapi.yaml the way an integrator would: imports every API
module and constructs its API class, imports every model module, and reads models from JSON shaped
as the contract describes (nested models, an enum, a value the enum refuses).

Usage: python3 exercise-python-client.py CLIENT_DIR
Works for both generators the build runs (`python`: pydantic 2, `python-pydantic-v1`: pydantic 1).
Any failure raises, so the interpreter exits non-zero.
"""
import importlib
import inspect
import json
import pkgutil
import sys

PACKAGE = "crmhub_client"


def submodules(package_name):
    parent = importlib.import_module(package_name)
    return [importlib.import_module(f"{package_name}.{info.name}") for info in pkgutil.iter_modules(parent.__path__)]


def classes_defined_in(module):
    return [value for value in vars(module).values() if inspect.isclass(value) and value.__module__ == module.__name__]


def construct_every_api(client):
    # no request is sent: constructing an API class only binds it to the client
    api_client = client.ApiClient(client.Configuration(host="http://127.0.0.1:9"))
    api_modules = submodules(f"{PACKAGE}.api")
    api_classes = []
    for module in api_modules:
        apis = [cls for cls in classes_defined_in(module) if cls.__name__.endswith("Api")]
        if not apis:
            raise AssertionError(f"{module.__name__} defines no API class")
        api_classes.extend(apis)
    for api_class in api_classes:
        api_class(api_client)
    return api_classes


def import_every_model():
    model_modules = submodules(f"{PACKAGE}.models")
    if not model_modules:
        raise AssertionError("the client has no model modules")
    for module in model_modules:
        if not classes_defined_in(module):
            raise AssertionError(f"{module.__name__} defines no model class")
    return model_modules


def assert_reads_back(model_class, document):
    model = model_class.from_json(json.dumps(document))
    written = json.loads(model.to_json())
    if written != document:
        raise AssertionError(f"{model_class.__name__}: read {document}, wrote back {written}")
    return model


def read_models_from_json(client):
    unlinked = {"pointer": "/from/phone", "detail": "not a possible phone number"}
    problem = assert_reads_back(client.Problem, {
        "type": "https://crm-hub.example/problems/validation", "title": "Invalid request", "status": 400,
        "detail": "1 field is invalid", "errors": [unlinked]})
    if problem.errors[0].pointer != "/from/phone" or problem.status != 400:
        raise AssertionError(f"Problem read wrongly: {problem}")
    accepted = assert_reads_back(client.AcceptedContact, {"contactId": "ct-1", "duplicate": False, "unlinked": [unlinked]})
    if accepted.contact_id != "ct-1" or accepted.duplicate is not False:
        raise AssertionError(f"AcceptedContact read wrongly: {accepted}")
    # the body an integrator sends most: reading it must keep who sent it
    contact = assert_reads_back(client.InboundContact, {
        "channel": "email", "externalId": "m-1", "text": "hi",
        "from": {"email": "ann@example.com", "phone": "+44 20 7183 8750", "name": "Ann"}})
    if contact.var_from.email != "ann@example.com":
        raise AssertionError(f"InboundContact's sender read wrongly: {contact}")
    sentiment = assert_reads_back(client.Sentiment, {"compound": -0.62, "label": "negative"})
    if sentiment.label != client.SentimentLabel.NEGATIVE:
        raise AssertionError(f"Sentiment label read as {sentiment.label!r}")
    try:
        client.Sentiment.from_json(json.dumps({"compound": 0.1, "label": "furious"}))
    except ValueError:
        pass  # pydantic's ValidationError, 1.x and 2.x alike, is a ValueError
    else:
        raise AssertionError("Sentiment took a label the contract's enum does not list")


def main(client_dir):
    sys.path.insert(0, client_dir)
    client = importlib.import_module(PACKAGE)
    api_classes = construct_every_api(client)
    model_modules = import_every_model()
    read_models_from_json(client)
    print(f"python client {client_dir} imports with pydantic {importlib.import_module('pydantic').VERSION}:"
          f" {len(api_classes)} API classes, {len(model_modules)} model modules;"
          " Problem, AcceptedContact, InboundContact and Sentiment read from JSON")


if __name__ == "__main__":
    main(sys.argv[1])
