// SPDX-License-Identifier: GPL-3.0-or-later
// The 360 document (SubjectProfileService) for a linked subject against the in-process sandbox over
// TLS and a real SQLite store: every section filled, Smile ID flags from the audit log (labelled so),
// the enrollment job verified, SDK.Finance pending requests, by subject or by a provider's id, and a
// forged Smile ID answer flagged as a security warning.
#include "SubjectsCsvWriter.h"
#include "SubjectsTestSupport.h"
#include "TestStore.h"
#include "sdkfinance/SdkFinanceEmulator.h"
#include "services/Session.h"
#include "services/SubjectProfileService.h"
#include "services/SubjectService.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

class TestSubjectProfile final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void linkedSubjectHasEverySection();
    void byProviderIdFindsTheSubject();
    void unlinkedProviderIdStillShowsThatProvider();
    void pendingRequestBeyondTheFirstPageIsFound();
    void pendingRequestsPastTwentyPagesAreNoted();
    void unknownSubjectIsAProblem();
    void forgedJobStatusIsASecurityWarning();
    void unenrollResolvedByAPersonCounts();

private:
    void start(bool badSignature, quint32 users = 300);
    QJsonObject load(const QString& id, const QString& provider = QString());

    std::unique_ptr<TestStore> m_testStore;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<SubjectProfileService> m_service;
    quint32 m_withRequest = 0; ///< an indexed person with a pending SDK.Finance reset request
};

void TestSubjectProfile::init()
{
    m_testStore = std::make_unique<TestStore>();
    QString error;
    QVERIFY2(m_testStore->create(&error), qPrintable(error));
    m_store = StoreFactory::open(m_testStore->url(), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestSubjectProfile::cleanup()
{
    m_service.reset();
    m_session.reset();
    m_sandbox.reset();
    m_store.reset();
    m_testStore.reset();
}

void TestSubjectProfile::start(bool badSignature, quint32 users)
{
    SandboxOptions options;
    options.users = users;
    options.seed = 4;
    options.smileIdBadSignature = badSignature;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("s.csv"));
    QVERIFY(SubjectsCsvWriter::write(m_sandbox->population(), 100, csv, &error));
    Operator op;
    op.name = QStringLiteral("olivia");
    op.role = Role::Officer;
    SubjectService subjects(*m_store, op);
    QVERIFY2(subjects.applyImport(subjects.planImport(csv), QString(), &error), qPrintable(error));
    for (const SdkFinanceResetRequest& r : SdkFinanceEmulator::seedRequests(m_sandbox->population())) {
        if (r.status == QLatin1String("PENDING") && r.populationId <= 100 &&
            !SubjectsCsvWriter::leavesOutSdkFinance(r.populationId)) {
            m_withRequest = r.populationId;
            break;
        }
    }
    QVERIFY(m_withRequest > 0);

    // What the action pipeline records when a Smile ID flag was applied.
    AuditEntry outcome;
    outcome.operatorName = QStringLiteral("sam");
    outcome.role = QStringLiteral("supervisor");
    outcome.event = QStringLiteral("outcome");
    outcome.action = QStringLiteral("smileid.is_fraudulent");
    outcome.provider = QStringLiteral("smileid");
    outcome.subjectIds = {m_sandbox->population().user(m_withRequest).referenceId};
    outcome.after = QJsonObject{{QStringLiteral("is_fraudulent"), true}};
    outcome.outcome = QStringLiteral("succeeded");
    QVERIFY2(m_store->appendAudit(outcome, &error), qPrintable(error));

    m_session = std::make_unique<Session>(SubjectsTestSupport::profileOf(*m_sandbox));
    m_service = std::make_unique<SubjectProfileService>(m_session.get(), *m_store);
}

QJsonObject TestSubjectProfile::load(const QString& id, const QString& provider)
{
    QSignalSpy finished(m_service.get(), &SubjectProfileService::finished);
    m_service->load(id, provider);
    if (!finished.wait(30000))
        qFatal("the 360 document did not finish");
    [&] {
        QCOMPARE(finished.count(), 1);
    }();
    return m_service->document();
}

void TestSubjectProfile::linkedSubjectHasEverySection()
{
    start(false);
    m_service->setJobDetails(true, false);
    const quint32 id = m_withRequest;
    const QJsonObject doc = load(SubjectsCsvWriter::referenceFor(id));
    QVERIFY2(m_service->problem().isEmpty(), qPrintable(m_service->problem()));
    for (const QString& section : SubjectProfileService::sections()) {
        QVERIFY2(doc.contains(section), qPrintable(section));
        QCOMPARE(doc.value(section).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("ok"));
    }
    const QJsonObject smile = doc.value(QStringLiteral("smileid")).toObject();
    QCOMPARE(smile.value(QStringLiteral("label")).toString(),
             QStringLiteral("last known, from the audit log"));
    QCOMPARE(smile.value(QStringLiteral("flags")).toObject().value(QStringLiteral("is_fraudulent")).toBool(),
             true);
    const QJsonObject job = doc.value(QStringLiteral("smileid_jobs"))
                                .toObject()
                                .value(QStringLiteral("jobs"))
                                .toArray()
                                .at(0)
                                .toObject();
    QCOMPARE(
        job.value(QStringLiteral("status")).toObject().value(QStringLiteral("signature_verified")).toBool(),
        true);
    QVERIFY(
        !job.value(QStringLiteral("status")).toObject().value(QStringLiteral("history")).toArray().isEmpty());
    const QJsonObject sdk = doc.value(QStringLiteral("sdkfinance")).toObject();
    QVERIFY(!sdk.value(QStringLiteral("pending_reset_requests")).toArray().isEmpty());
    QCOMPARE(sdk.value(QStringLiteral("profile_status")).toString(), m_sandbox->population().user(id).status);
    const QJsonObject ts = doc.value(QStringLiteral("trustswiftly")).toObject();
    QCOMPARE(ts.value(QStringLiteral("user")).toObject().value(QStringLiteral("id")).toString(),
             QString::number(id));
    QVERIFY(!ts.value(QStringLiteral("user"))
                 .toObject()
                 .value(QStringLiteral("current_workflow_id"))
                 .toString()
                 .isEmpty());
    QCOMPARE(doc.value(QStringLiteral("smartid")).toObject().value(QStringLiteral("enrollment")).toString(),
             QStringLiteral("enrolled"));
    const QJsonArray audit =
        doc.value(QStringLiteral("audit")).toObject().value(QStringLiteral("entries")).toArray();
    bool sawFlag = false;
    for (const QJsonValue& e : audit)
        sawFlag = sawFlag || e.toObject().value(QStringLiteral("action")).toString() ==
                                 QLatin1String("smileid.is_fraudulent");
    QVERIFY(sawFlag);
    QVERIFY(!m_service->hasSecurityWarning());
}

void TestSubjectProfile::unenrollResolvedByAPersonCounts()
{
    start(false);
    const quint32 id = m_withRequest;
    QJsonObject doc = load(SubjectsCsvWriter::referenceFor(id));
    const QJsonObject smart = doc.value(QStringLiteral("smartid")).toObject();
    QCOMPARE(smart.value(QStringLiteral("enrollment")).toString(), QStringLiteral("enrolled"));
    // The job type the 360 view shows is the one Smile ID's answer names (seed 001: "4").
    const QJsonObject job = doc.value(QStringLiteral("smileid_jobs"))
                                .toObject()
                                .value(QStringLiteral("jobs"))
                                .toArray()
                                .at(0)
                                .toObject();
    QCOMPARE(job.value(QStringLiteral("job_type")).toString(), QStringLiteral("4"));

    // What the pipeline records when a person resolves an un-enroll whose outcome was unknown as done
    // (ActionService::resolve): no provider answer, but the user is un-enrolled all the same.
    AuditEntry resolved;
    resolved.operatorName = QStringLiteral("sam");
    resolved.role = QStringLiteral("supervisor");
    resolved.event = QStringLiteral("resolved");
    resolved.action = QStringLiteral("smartid.unenroll");
    resolved.provider = QStringLiteral("smartid");
    resolved.subjectIds = {smart.value(QStringLiteral("user")).toString()};
    resolved.after = QJsonObject{{QStringLiteral("enrolled"), false}};
    resolved.outcome = QStringLiteral("succeeded");
    QString error;
    QVERIFY2(m_store->appendAudit(resolved, &error), qPrintable(error));
    doc = load(SubjectsCsvWriter::referenceFor(id));
    QCOMPARE(doc.value(QStringLiteral("smartid")).toObject().value(QStringLiteral("enrollment")).toString(),
             QStringLiteral("unenrolled"));
}

void TestSubjectProfile::byProviderIdFindsTheSubject()
{
    start(false);
    const QJsonObject doc = load(QStringLiteral("7"), QStringLiteral("trustswiftly"));
    QCOMPARE(doc.value(QStringLiteral("subject")).toObject().value(QStringLiteral("reference")).toString(),
             SubjectsCsvWriter::referenceFor(7));
    QCOMPARE(m_service->sectionState(QStringLiteral("smileid_jobs")),
             SubjectProfileService::SectionState::Ok);
}

void TestSubjectProfile::unlinkedProviderIdStillShowsThatProvider()
{
    start(false);
    const QJsonObject doc = load(QStringLiteral("250"), QStringLiteral("trustswiftly"));
    QVERIFY(!doc.value(QStringLiteral("subject")).toObject().value(QStringLiteral("linked")).toBool());
    QCOMPARE(m_service->sectionState(QStringLiteral("trustswiftly")),
             SubjectProfileService::SectionState::Ok);
    QCOMPARE(m_service->sectionState(QStringLiteral("smileid")),
             SubjectProfileService::SectionState::Unavailable);
    QCOMPARE(m_service->sectionState(QStringLiteral("sdkfinance")),
             SubjectProfileService::SectionState::Unavailable);
}

void TestSubjectProfile::pendingRequestBeyondTheFirstPageIsFound()
{
    // SDK.Finance serves at most 1,000 requests a page and cannot filter by user: with more pending
    // requests than that, a user whose request is on the second page still has it in the 360 view.
    start(false, 40000);
    int pendingIndex = 0;
    SdkFinanceResetRequest late;
    for (const SdkFinanceResetRequest& r : SdkFinanceEmulator::seedRequests(m_sandbox->population())) {
        if (r.status != QLatin1String("PENDING"))
            continue;
        if (++pendingIndex > 1200) {
            late = r;
            break;
        }
    }
    QVERIFY2(late.populationId > 0, "the population has too few pending requests for this test");
    const QJsonObject doc = load(SdkFinanceEmulator::userId(late.populationId), QStringLiteral("sdkfinance"));
    QCOMPARE(m_service->sectionState(QStringLiteral("sdkfinance")), SubjectProfileService::SectionState::Ok);
    const QJsonObject sdk = doc.value(QStringLiteral("sdkfinance")).toObject();
    QStringList ids;
    for (const QJsonValue& v : sdk.value(QStringLiteral("pending_reset_requests")).toArray())
        ids << v.toObject().value(QStringLiteral("id")).toString();
    QVERIFY2(ids.contains(late.id), qPrintable(ids.join(u',')));
    QVERIFY(!sdk.contains(QStringLiteral("requests_note"))); // every page was read
}

void TestSubjectProfile::pendingRequestsPastTwentyPagesAreNoted()
{
    // 550,000 users hold about 22,000 pending requests: 23 pages of 1,000. The 360 view reads the
    // first 20 pages (20,000 requests) and says that it stopped there.
    start(false, 550000);
    QList<SdkFinanceResetRequest> pending;
    for (const SdkFinanceResetRequest& r : SdkFinanceEmulator::seedRequests(m_sandbox->population()))
        if (r.status == QLatin1String("PENDING"))
            pending << r;
    QVERIFY2(pending.size() > 20000, "the population has too few pending requests for this test");
    const auto requestIds = [](const QJsonObject& doc) {
        QStringList ids;
        for (const QJsonValue& v : doc.value(QStringLiteral("sdkfinance"))
                                       .toObject()
                                       .value(QStringLiteral("pending_reset_requests"))
                                       .toArray())
            ids << v.toObject().value(QStringLiteral("id")).toString();
        return ids;
    };
    const auto listPages = [this] {
        QList<int> pages;
        for (const RecordedRequest& r : m_sandbox->requestLog()) {
            if (!r.path.endsWith(QLatin1String("/profiles/view-reset-identification-requests")))
                continue;
            const QJsonObject body = QJsonDocument::fromJson(r.body).object();
            if (body.value(QStringLiteral("pageSize")).toInt() != 1000)
                return QList<int>{-1};
            pages << body.value(QStringLiteral("pageNumber")).toInt();
        }
        return pages;
    };
    QList<int> firstTwenty;
    for (int page = 0; page < 20; ++page)
        firstTwenty << page;

    // The last request of the 20th page is still found, and the note says how far the search went.
    const SdkFinanceResetRequest last = pending.at(19999);
    m_sandbox->clearRequestLog();
    QJsonObject doc = load(SdkFinanceEmulator::userId(last.populationId), QStringLiteral("sdkfinance"));
    QCOMPARE(m_service->sectionState(QStringLiteral("sdkfinance")), SubjectProfileService::SectionState::Ok);
    QVERIFY2(requestIds(doc).contains(last.id), qPrintable(requestIds(doc).join(u',')));
    const QString note =
        doc.value(QStringLiteral("sdkfinance")).toObject().value(QStringLiteral("requests_note")).toString();
    QVERIFY2(note.contains(QLocale().toString(qint64(20000))) &&
                 note.contains(QLocale().toString(qint64(pending.size()))),
             qPrintable(note));
    QVERIFY(note.contains(QLatin1String("Pending resets")));
    QCOMPARE(listPages(), firstTwenty);

    // One on the 21st page is past the search: not shown, with the same note, and no 21st page asked.
    const SdkFinanceResetRequest beyond = pending.at(20000);
    m_sandbox->clearRequestLog();
    doc = load(SdkFinanceEmulator::userId(beyond.populationId), QStringLiteral("sdkfinance"));
    QCOMPARE(m_service->sectionState(QStringLiteral("sdkfinance")), SubjectProfileService::SectionState::Ok);
    QVERIFY(!requestIds(doc).contains(beyond.id));
    QCOMPARE(
        doc.value(QStringLiteral("sdkfinance")).toObject().value(QStringLiteral("requests_note")).toString(),
        note);
    QCOMPARE(listPages(), firstTwenty);
}

void TestSubjectProfile::unknownSubjectIsAProblem()
{
    start(false);
    load(QStringLiteral("NOBODY-1"));
    QVERIFY(m_service->problem().contains(QLatin1String("NOBODY-1")));
}

void TestSubjectProfile::forgedJobStatusIsASecurityWarning()
{
    start(true);
    const QJsonObject doc = load(SubjectsCsvWriter::referenceFor(1));
    QCOMPARE(m_service->sectionState(QStringLiteral("smileid_jobs")),
             SubjectProfileService::SectionState::Error);
    QVERIFY(m_service->hasSecurityWarning());
    QVERIFY(doc.value(QStringLiteral("smileid_jobs"))
                .toObject()
                .value(QStringLiteral("security_warning"))
                .toString()
                .contains(QLatin1String("SECURITY WARNING")));
    QCOMPARE(m_service->sectionState(QStringLiteral("trustswiftly")),
             SubjectProfileService::SectionState::Ok);
}

QTEST_GUILESS_MAIN(TestSubjectProfile)
#include "tst_subjectprofile.moc"
