// SPDX-License-Identifier: GPL-3.0-or-later
// Smile ID job_status (docs/architecture.md section 3) against the in-process sandbox over TLS: the request
// is signed like the enrollee call, the answer's signature is verified, a forged or missing one is a security
// warning (an Auth error), results of complete / pending / failed enrollment jobs.
#include "SubjectsTestSupport.h"
#include "providers/smileid/SmileIdClient.h"
#include "providers/smileid/SmileIdJobStatus.h"
#include "providers/smileid/SmileIdSettings.h"
#include "providers/smileid/SmileIdWire.h"
#include "smileid/SmileIdJobs.h"

#include <QJsonDocument>
#include <QtTest>

using SubjectsTestSupport::resultOf;

class TestSmileIdJobStatus final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void completedJobIsVerified();
    void pendingAndFailedJobs();
    void historyAndImageLinksOnDemand();
    void forgedAnswerIsASecurityWarning();
    void signatureCheckIsExact();
    void requestSignedWithAWrongKeyIsRefused();
    void unknownJobIsAProviderError();

private:
    std::unique_ptr<SmileIdClient> client(const SandboxServer& sandbox,
                                          const QString& apiKey = QString()) const;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<SandboxServer> m_forger;
};

void TestSmileIdJobStatus::initTestCase()
{
    SandboxOptions options;
    options.users = 100;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    options.smileIdBadSignature = true;
    m_forger = std::make_unique<SandboxServer>(options);
    QVERIFY2(m_forger->start(&error), qPrintable(error));
}

std::unique_ptr<SmileIdClient> TestSmileIdJobStatus::client(const SandboxServer& sandbox,
                                                            const QString& apiKey) const
{
    ConnectionProfile p = SubjectsTestSupport::profileOf(sandbox);
    if (!apiKey.isEmpty())
        p.section<SmileIdSettings>()->apiKey = apiKey;
    return std::make_unique<SmileIdClient>(*p.section<SmileIdSettings>(), p.caCertificates);
}

void TestSmileIdJobStatus::completedJobIsVerified()
{
    auto c = client(*m_sandbox);
    const HttpResult r =
        resultOf(c->jobStatus(QStringLiteral("REF-000001"), SmileIdJobs::jobIdFor(1), false, false));
    QVERIFY2(r.ok(), qPrintable(r.error.message()));
    const SmileIdJobStatus s = r.value.value<SmileIdJobStatus>();
    QVERIFY(s.signatureVerified());
    QVERIFY(s.jobComplete);
    QVERIFY(s.jobSuccess);
    QCOMPARE(s.resultCode, QStringLiteral("0810"));
    QCOMPARE(s.jobType, QStringLiteral("4"));
    QCOMPARE(s.partnerJobId, QStringLiteral("JOB-000001"));
    QCOMPARE(s.partnerUserId, QStringLiteral("REF-000001"));
    QVERIFY(s.isFinalResult);
    QVERIFY(s.history.isEmpty());
    QVERIFY(s.imageLinks.isEmpty());

    // What went on the wire: every field of docs/architecture.md, booleans as booleans, signed like the
    // enrollee call.
    const RecordedRequest sent = m_sandbox->requestLog().constLast();
    QVERIFY(sent.path.endsWith(QLatin1String("/smileid/v1/job_status")));
    const QJsonObject body = QJsonDocument::fromJson(sent.body).object();
    QCOMPARE(body.keys(),
             (QStringList{QStringLiteral("history"), QStringLiteral("image_links"), QStringLiteral("job_id"),
                          QStringLiteral("partner_id"), QStringLiteral("signature"),
                          QStringLiteral("timestamp"), QStringLiteral("user_id")}));
    QVERIFY(body.value(QStringLiteral("history")).isBool());
    QCOMPARE(body.value(QStringLiteral("partner_id")).toString(), QStringLiteral("0085"));
    QCOMPARE(body.value(QStringLiteral("signature")).toString(),
             SmileIdWire::signature(m_sandbox->options().smileIdApiKey, QStringLiteral("0085"),
                                    body.value(QStringLiteral("timestamp")).toString()));
}

void TestSmileIdJobStatus::pendingAndFailedJobs()
{
    auto c = client(*m_sandbox);
    const HttpResult pending =
        resultOf(c->jobStatus(QStringLiteral("REF-000007"), SmileIdJobs::jobIdFor(7), false, false));
    QVERIFY(pending.ok());
    QVERIFY(!pending.value.value<SmileIdJobStatus>().jobComplete);
    QCOMPARE(pending.value.value<SmileIdJobStatus>().stateText(), QStringLiteral("pending"));
    const HttpResult failed =
        resultOf(c->jobStatus(QStringLiteral("REF-000009"), SmileIdJobs::jobIdFor(9), false, false));
    QVERIFY(failed.ok());
    const SmileIdJobStatus f = failed.value.value<SmileIdJobStatus>();
    QVERIFY(f.jobComplete);
    QVERIFY(!f.jobSuccess);
    QCOMPARE(f.resultCode, QStringLiteral("0811"));
}

void TestSmileIdJobStatus::historyAndImageLinksOnDemand()
{
    auto c = client(*m_sandbox);
    const HttpResult r =
        resultOf(c->jobStatus(QStringLiteral("REF-000002"), SmileIdJobs::jobIdFor(2), true, true));
    QVERIFY(r.ok());
    const SmileIdJobStatus s = r.value.value<SmileIdJobStatus>();
    QCOMPARE(s.history.size(), 2);
    QVERIFY(
        s.imageLinks.value(QStringLiteral("selfie_image")).toString().startsWith(QLatin1String("https://")));
}

void TestSmileIdJobStatus::forgedAnswerIsASecurityWarning()
{
    auto c = client(*m_forger);
    const HttpResult r =
        resultOf(c->jobStatus(QStringLiteral("REF-000001"), SmileIdJobs::jobIdFor(1), false, false));
    QVERIFY(!r.ok());
    QCOMPARE(r.error.kind, ApiError::Kind::Auth);
    QCOMPARE(r.error.providerCode, QString::fromLatin1(SmileIdWire::kBadSignatureCode));
    QVERIFY2(r.error.message().contains(QLatin1String("SECURITY WARNING")), qPrintable(r.error.message()));
    QCOMPARE(r.value.value<SmileIdJobStatus>().signature, SmileIdJobStatus::Signature::Invalid);
}

void TestSmileIdJobStatus::signatureCheckIsExact()
{
    const QString key = QStringLiteral("k3y");
    const QString ts = QStringLiteral("2026-01-02T03:04:05.678Z");
    const QString good = SmileIdWire::signature(key, QStringLiteral("0085"), ts);
    QJsonObject answer{{QStringLiteral("timestamp"), ts}, {QStringLiteral("signature"), good}};
    QCOMPARE(SmileIdWire::verifyResponseSignature(answer, key, QStringLiteral("0085")),
             SmileIdJobStatus::Signature::Valid);
    // The partner id is used verbatim: "85" is another partner.
    QCOMPARE(SmileIdWire::verifyResponseSignature(answer, key, QStringLiteral("85")),
             SmileIdJobStatus::Signature::Invalid);
    answer.insert(QStringLiteral("timestamp"), QStringLiteral("2026-01-02T03:04:05.679Z"));
    QCOMPARE(SmileIdWire::verifyResponseSignature(answer, key, QStringLiteral("0085")),
             SmileIdJobStatus::Signature::Invalid);
    answer.remove(QStringLiteral("signature"));
    QCOMPARE(SmileIdWire::verifyResponseSignature(answer, key, QStringLiteral("0085")),
             SmileIdJobStatus::Signature::Missing);
    QJsonObject truncated{{QStringLiteral("timestamp"), ts},
                          {QStringLiteral("signature"), good.left(good.size() - 1)}};
    QCOMPARE(SmileIdWire::verifyResponseSignature(truncated, key, QStringLiteral("0085")),
             SmileIdJobStatus::Signature::Invalid);
}

void TestSmileIdJobStatus::requestSignedWithAWrongKeyIsRefused()
{
    auto c = client(*m_sandbox, QStringLiteral("d3Jvbmcta2V5"));
    const HttpResult r =
        resultOf(c->jobStatus(QStringLiteral("REF-000001"), SmileIdJobs::jobIdFor(1), false, false));
    QVERIFY(!r.ok());
    QCOMPARE(r.httpStatus, 401);
    QCOMPARE(r.error.providerCode, QStringLiteral("2205"));
}

void TestSmileIdJobStatus::unknownJobIsAProviderError()
{
    auto c = client(*m_sandbox);
    const HttpResult r =
        resultOf(c->jobStatus(QStringLiteral("REF-000001"), SmileIdJobs::jobIdFor(2), false, false));
    QVERIFY(!r.ok());
    QCOMPARE(r.httpStatus, 400);
    QCOMPARE(r.error.providerCode, QStringLiteral("2210"));
}

QTEST_GUILESS_MAIN(TestSmileIdJobStatus)
#include "tst_smileid_jobstatus.moc"
