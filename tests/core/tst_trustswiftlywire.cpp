// SPDX-License-Identifier: GPL-3.0-or-later
// TrustSwiftlyWire: the shapes Trust Swiftly puts on the wire (seed 004, docs/architecture.md section 3).

#include "net/HttpClient.h"
#include "providers/trustswiftly/TrustSwiftlyWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {
QJsonDocument parse(const char* json)
{
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad fixture: %s", qPrintable(error.errorString()));
    return doc;
}
} // namespace

class tst_TrustSwiftlyWire : public QObject
{
    Q_OBJECT

private slots:
    void pathsKeepTheDocumentedShape();
    void parsesLaravelPage();
    void parsesLastPartialPage();
    void pagingFieldsAsStrings();
    void rejectsPageWithoutData_data();
    void rejectsPageWithoutData();
    void parsesUserEnvelope();
    void reverifyBodyHasStrings();
    void alreadyAssigned_data();
    void alreadyAssigned();
    void decodeErrorLaravelValidation();
    void decodeErrorAlreadyAssignedIsConflict();
    void decodeErrorNotFoundKeepsKind();
    void parsesWorkflows();
    void rejectsWorkflowsWithoutIds();
};

void tst_TrustSwiftlyWire::pathsKeepTheDocumentedShape()
{
    QCOMPARE(TrustSwiftlyWire::usersPath(), QStringLiteral("/api/users"));
    QCOMPARE(TrustSwiftlyWire::userPath(QStringLiteral("647")), QStringLiteral("/api/users/647"));
    // Decoded: HttpClient encodes the path once (QUrl::setPath); encoding it here as well sent "%2520".
    QCOMPARE(TrustSwiftlyWire::userPath(QStringLiteral("Ab-9_z")), QStringLiteral("/api/users/Ab-9_z"));
    // Something that is no user id has no path: it would not stay one segment, or would be encoded twice.
    for (const char* bad : {"a/b c", "..", "../x", "a%2Fb", "a b", "", "a\\b", "caf\xc3\xa9"})
        QVERIFY2(TrustSwiftlyWire::userPath(QString::fromUtf8(bad)).isEmpty(), bad);
    HttpClientConfig config;
    config.baseUrl = QUrl(QStringLiteral("https://acme.trustswiftly.com/prefix"));
    const HttpClient http(config);
    QCOMPARE(http.urlFor(TrustSwiftlyWire::userPath(QStringLiteral("647"))).toString(QUrl::FullyEncoded),
             QStringLiteral("https://acme.trustswiftly.com/prefix/api/users/647"));
    QCOMPARE(TrustSwiftlyWire::reverifyPath(), QStringLiteral("/api/user/document/reverify"));
    QCOMPARE(TrustSwiftlyWire::templatesPath(), QStringLiteral("/api/settings/templates/verifications"));
    QCOMPARE(TrustSwiftlyWire::kMaxPerPage, 100);
}

void tst_TrustSwiftlyWire::parsesLaravelPage()
{
    const QJsonDocument json = parse(R"({
        "data": [
            {"id": 647, "reference_id": "cust-1", "first_name": "Ada", "last_name": "Lovelace",
             "email": "ada@example.com", "phone": "+441234", "status": "verified",
             "current_workflow_id": "flow_MzA"},
            {"id": "648", "reference_id": null, "first_name": "Alan", "last_name": "Turing",
             "email": "alan@example.com", "status": "pending",
             "current_workflow_id": "flow_MzA", "re_verify_workflow_id": "flow_Mjk"},
            {"id": 1234567890123, "first_name": "Big", "last_name": "Id", "email": "big@example.com"}
        ],
        "meta": {"current_page": 1, "last_page": 4, "per_page": 3, "total": 11},
        "links": {"first": "x", "next": "y"}
    })");
    UserPage page;
    QString error;
    QVERIFY2(TrustSwiftlyWire::parseUserPage(json, &page, &error), qPrintable(error));
    QCOMPARE(page.users.size(), 3);
    QCOMPARE(page.page, 1);
    QCOMPARE(page.lastPage, 4);
    QCOMPARE(page.perPage, 3);
    QCOMPARE(page.total, qint64(11));

    const UserRecord& ada = page.users.at(0);
    QCOMPARE(ada.provider, QStringLiteral("trustswiftly"));
    QCOMPARE(ada.id, QStringLiteral("647")); // a JSON number becomes the same digits
    QCOMPARE(ada.referenceId, QStringLiteral("cust-1"));
    QCOMPARE(ada.firstName, QStringLiteral("Ada"));
    QCOMPARE(ada.lastName, QStringLiteral("Lovelace"));
    QCOMPARE(ada.email, QStringLiteral("ada@example.com"));
    QCOMPARE(ada.phone, QStringLiteral("+441234"));
    QCOMPARE(ada.status, QStringLiteral("verified"));
    QCOMPARE(ada.attributes.value(QStringLiteral("current_workflow_id")).toString(),
             QStringLiteral("flow_MzA"));
    QVERIFY(!ada.attributes.contains(QStringLiteral("re_verify_workflow_id")));

    const UserRecord& alan = page.users.at(1);
    QCOMPARE(alan.id, QStringLiteral("648"));
    QCOMPARE(alan.referenceId, QString()); // null is "none", not the text "null"
    QCOMPARE(alan.displayName(), QStringLiteral("Alan Turing"));
    QCOMPARE(alan.attributes.value(QStringLiteral("re_verify_workflow_id")).toString(),
             QStringLiteral("flow_Mjk"));

    QCOMPARE(page.users.at(2).id, QStringLiteral("1234567890123")); // no exponent notation
}

void tst_TrustSwiftlyWire::parsesLastPartialPage()
{
    const QJsonDocument json = parse(R"({
        "data": [{"id": 237, "first_name": "Last", "last_name": "One", "email": "last@example.com"}],
        "meta": {"current_page": 3, "from": 101, "to": 101, "last_page": 3, "per_page": 50, "total": 101}
    })");
    UserPage page;
    QString error;
    QVERIFY2(TrustSwiftlyWire::parseUserPage(json, &page, &error), qPrintable(error));
    QCOMPARE(page.users.size(), 1);
    QCOMPARE(page.page, 3);
    QCOMPARE(page.lastPage, 3);
    QCOMPARE(page.perPage, 50);
    QCOMPARE(page.total, qint64(101));

    // An empty result: lastPage is never below 1, total 0.
    UserPage none;
    QVERIFY2(TrustSwiftlyWire::parseUserPage(parse(R"({"data": [], "meta": {"current_page": 1, "last_page": 1,
                                                      "per_page": 50, "total": 0}})"),
                                             &none, &error),
             qPrintable(error));
    QVERIFY(none.users.isEmpty());
    QCOMPARE(none.total, qint64(0));
    QCOMPARE(none.lastPage, 1);
}

void tst_TrustSwiftlyWire::pagingFieldsAsStrings()
{
    // Some Laravel set-ups serialise paging numbers as strings, and plain paginators omit "meta".
    UserPage page;
    QString error;
    QVERIFY2(TrustSwiftlyWire::parseUserPage(parse(R"({"data": [{"id": "1"}, {"id": "2"}],
                                                      "current_page": "2", "last_page": "5",
                                                      "per_page": "2", "total": "10"})"),
                                             &page, &error),
             qPrintable(error));
    QCOMPARE(page.page, 2);
    QCOMPARE(page.lastPage, 5);
    QCOMPARE(page.perPage, 2);
    QCOMPARE(page.total, qint64(10));
}

void tst_TrustSwiftlyWire::rejectsPageWithoutData_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("no data") << QByteArray(R"({"meta": {"total": 0}})");
    QTest::newRow("data is an object") << QByteArray(R"({"data": {"id": 1}})");
    QTest::newRow("top-level array") << QByteArray(R"([{"id": 1}])");
    QTest::newRow("user without id") << QByteArray(R"({"data": [{"email": "x@example.com"}]})");
    QTest::newRow("user not an object") << QByteArray(R"({"data": [42]})");
}

void tst_TrustSwiftlyWire::rejectsPageWithoutData()
{
    QFETCH(QByteArray, json);
    UserPage page;
    QString error;
    QVERIFY(!TrustSwiftlyWire::parseUserPage(QJsonDocument::fromJson(json), &page, &error));
    QVERIFY(!error.isEmpty()); // the Decode error will say what was wrong
}

void tst_TrustSwiftlyWire::parsesUserEnvelope()
{
    UserRecord user;
    QString error;
    QVERIFY2(TrustSwiftlyWire::parseUserEnvelope(parse(R"({"data": {"id": 647, "email": "u@example.com",
                                                          "current_workflow_id": "flow_MzA",
                                                          "re_verify_workflow_id": "flow_Mjk"}})"),
                                                 &user, &error),
             qPrintable(error));
    QCOMPARE(user.id, QStringLiteral("647"));
    QCOMPARE(user.displayName(), QStringLiteral("u@example.com")); // no name: the e-mail stands in
    QCOMPARE(user.attributes.value(QStringLiteral("re_verify_workflow_id")).toString(),
             QStringLiteral("flow_Mjk"));

    QVERIFY(!TrustSwiftlyWire::parseUserEnvelope(parse(R"({"data": [{"id": 1}]})"), &user, &error));
    QVERIFY(!TrustSwiftlyWire::parseUserEnvelope(parse(R"({"message": "User not found."})"), &user, &error));
}

void tst_TrustSwiftlyWire::reverifyBodyHasStrings()
{
    const QJsonObject body = TrustSwiftlyWire::reverifyBody(QStringLiteral("647"), QStringLiteral("flow_MzA"),
                                                            QStringLiteral("flow_Mjk"));
    // What the provider receives is the serialised document: check that, not the in-memory object.
    const QByteArray wire = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const QJsonObject sent = QJsonDocument::fromJson(wire).object();
    QCOMPARE(sent.size(), 3);
    for (const char* key : {"user_id", "current_workflow_id", "re_verify_workflow_id"})
        QVERIFY2(sent.value(QLatin1String(key)).isString(), key);
    QCOMPARE(sent.value(QLatin1String("user_id")).toString(), QStringLiteral("647"));
    QCOMPARE(sent.value(QLatin1String("current_workflow_id")).toString(), QStringLiteral("flow_MzA"));
    QCOMPARE(sent.value(QLatin1String("re_verify_workflow_id")).toString(), QStringLiteral("flow_Mjk"));
    QVERIFY(wire.contains("\"user_id\":\"647\"")); // the seed's example, byte for byte

    const QJsonObject zeros =
        QJsonDocument::fromJson(
            QJsonDocument(TrustSwiftlyWire::reverifyBody(QStringLiteral("007"), QStringLiteral("1"),
                                                         QStringLiteral("2")))
                .toJson())
            .object();
    QCOMPARE(zeros.value(QLatin1String("user_id")).toString(), QStringLiteral("007"));
    QVERIFY(zeros.value(QLatin1String("current_workflow_id")).isString());
}

void tst_TrustSwiftlyWire::alreadyAssigned_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("assigned");
    QTest::newRow("Error_type (seed)")
        << QByteArray(R"({"Error_type": "already_assigned", "error_message": "Already assigned"})") << true;
    QTest::newRow("error_type") << QByteArray(R"({"error_type": "already_assigned"})") << true;
    QTest::newRow("ERROR_TYPE") << QByteArray(R"({"ERROR_TYPE": "already_assigned"})") << true;
    QTest::newRow("value in other case") << QByteArray(R"({"error_type": "Already_Assigned"})") << true;
    QTest::newRow("other error type") << QByteArray(R"({"Error_type": "invalid_workflow"})") << false;
    QTest::newRow("not found") << QByteArray(R"({"message": "User not found."})") << false;
    QTest::newRow("value elsewhere") << QByteArray(R"({"message": "already_assigned"})") << false;
    QTest::newRow("success") << QByteArray(R"({"success": true})") << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void tst_TrustSwiftlyWire::alreadyAssigned()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, assigned);
    QCOMPARE(TrustSwiftlyWire::isAlreadyAssigned(QJsonDocument::fromJson(json)), assigned);
}

void tst_TrustSwiftlyWire::decodeErrorLaravelValidation()
{
    ApiError error;
    error.kind = ApiError::Kind::Provider; // e.g. a 400 carrying field errors
    TrustSwiftlyWire::decodeError(parse(R"({"message": "The given data was invalid.",
        "errors": {"current_workflow_id": ["The selected current workflow id is invalid or does not match the user's workflow."],
                   "user_id": "must be a string"}})"),
                                  &error);
    QCOMPARE(error.kind, ApiError::Kind::Validation);
    QCOMPARE(error.fieldErrors.size(), 2);
    QCOMPARE(error.fieldErrors.value(QStringLiteral("current_workflow_id")),
             QStringList{QStringLiteral(
                 "The selected current workflow id is invalid or does not match the user's workflow.")});
    QCOMPARE(error.fieldErrors.value(QStringLiteral("user_id")),
             QStringList{QStringLiteral("must be a string")});
    QVERIFY2(error.detail.contains(QStringLiteral("current_workflow_id")), qPrintable(error.detail));
}

void tst_TrustSwiftlyWire::decodeErrorAlreadyAssignedIsConflict()
{
    for (const char* json : {R"({"Error_type": "already_assigned", "error_message": "Already assigned"})",
                             R"({"error_type": "already_assigned"})"}) {
        ApiError error;
        error.kind = ApiError::Kind::Provider;
        TrustSwiftlyWire::decodeError(parse(json), &error);
        QCOMPARE(error.kind, ApiError::Kind::Conflict);
        QCOMPARE(error.providerCode, QStringLiteral("already_assigned"));
    }
}

void tst_TrustSwiftlyWire::decodeErrorNotFoundKeepsKind()
{
    ApiError error;
    error.kind = ApiError::Kind::NotFound;
    TrustSwiftlyWire::decodeError(parse(R"({"message": "User not found."})"), &error);
    QCOMPARE(error.kind, ApiError::Kind::NotFound);
    QVERIFY(error.fieldErrors.isEmpty());
}

void tst_TrustSwiftlyWire::parsesWorkflows()
{
    WorkflowList list;
    QString error;
    QVERIFY2(TrustSwiftlyWire::parseWorkflows(parse(R"({"data": [
                 {"id": "flow_MzA", "name": "ID Document & Selfie", "types": ["document", "selfie"]},
                 {"id": "flow_Mjk", "name": "Selfie Only", "types": ["selfie"]},
                 {"id": 12, "name": "Numeric"}]})"),
                                              &list, &error),
             qPrintable(error));
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).id, QStringLiteral("flow_MzA"));
    QCOMPARE(list.at(0).name, QStringLiteral("ID Document & Selfie"));
    QCOMPARE(list.at(0).types, (QStringList{QStringLiteral("document"), QStringLiteral("selfie")}));
    QCOMPARE(list.at(1).id, QStringLiteral("flow_Mjk"));
    QCOMPARE(list.at(2).id, QStringLiteral("12"));
    QVERIFY(list.at(2).types.isEmpty());

    WorkflowList bare;
    QVERIFY2(TrustSwiftlyWire::parseWorkflows(parse(R"([{"id": "flow_MzA", "name": "A"}])"), &bare, &error),
             qPrintable(error));
    QCOMPARE(bare.size(), 1);
}

void tst_TrustSwiftlyWire::rejectsWorkflowsWithoutIds()
{
    WorkflowList list;
    QString error;
    QVERIFY(!TrustSwiftlyWire::parseWorkflows(parse(R"({"data": [{"name": "no id"}]})"), &list, &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!TrustSwiftlyWire::parseWorkflows(parse(R"({"templates": []})"), &list, &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(tst_TrustSwiftlyWire)
#include "tst_trustswiftlywire.moc"
