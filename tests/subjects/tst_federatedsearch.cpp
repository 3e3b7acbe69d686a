// SPDX-License-Identifier: GPL-3.0-or-later
// Federated search (SearchService + FederatedSearchModel) against the in-process sandbox over TLS and
// a real SQLite index: results stream in as each source answers (a slow provider does not hold up the
// others, a failing one shows its error), rows merge by subject, same e-mail without a link becomes a
// suggestion, a new query drops every answer of the old one, paging per source. The model runs under
// QAbstractItemModelTester throughout.
#include "SubjectsCsvWriter.h"
#include "SubjectsTestSupport.h"
#include "TestStore.h"
#include "models/FederatedSearchModel.h"
#include "sdkfinance/SdkFinanceEmulator.h"
#include "services/SearchService.h"
#include "services/Session.h"
#include "services/SubjectService.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QtTest>

namespace {
constexpr int kIndexed = 50; ///< people in the subjects CSV
}

class TestFederatedSearch final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void slowProviderDoesNotHoldUpTheOthersAndFailureIsShown();
    void linkedRecordsMergeAndSameEmailIsSuggested();
    void newQueryDropsEveryAnswerOfTheOldOne();
    void pagesPerSource();

private:
    void start(const QMap<QString, Faults>& providerFaults);
    QString emailOf(quint32 id) const { return m_sandbox->population().user(id).email; }

    std::unique_ptr<TestStore> m_testStore;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<SubjectService> m_subjects;
    std::unique_ptr<SearchService> m_search;
    std::unique_ptr<FederatedSearchModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestFederatedSearch::init()
{
    m_testStore = std::make_unique<TestStore>();
    QString error;
    QVERIFY2(m_testStore->create(&error), qPrintable(error));
    m_store = StoreFactory::open(m_testStore->url(), &error);
    QVERIFY2(m_store, qPrintable(error));
}

void TestFederatedSearch::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_search.reset();
    m_subjects.reset();
    m_session.reset();
    m_sandbox.reset();
    m_store.reset();
    m_testStore.reset();
    QTest::qWait(20);
}

void TestFederatedSearch::start(const QMap<QString, Faults>& providerFaults)
{
    SandboxOptions options;
    options.users = 300;
    options.seed = 1;
    options.providerFaults = providerFaults;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));

    Operator op;
    op.name = QStringLiteral("olivia");
    op.role = Role::Officer;
    m_subjects = std::make_unique<SubjectService>(*m_store, op);
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("subjects.csv"));
    QVERIFY2(SubjectsCsvWriter::write(m_sandbox->population(), kIndexed, csv, &error), qPrintable(error));
    const SubjectImportReport report = m_subjects->planImport(csv);
    QVERIFY(report.isImportable());
    QVERIFY2(m_subjects->applyImport(report, QStringLiteral("test index"), &error), qPrintable(error));

    m_session = std::make_unique<Session>(SubjectsTestSupport::profileOf(*m_sandbox));
    m_search = std::make_unique<SearchService>(m_subjects.get());
    m_search->addDefaultSources(*m_session);
    QCOMPARE(m_search->sources(), (QStringList{QStringLiteral("index"), QStringLiteral("trustswiftly"),
                                               QStringLiteral("sdkfinance")}));
    m_model = std::make_unique<FederatedSearchModel>(m_search.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestFederatedSearch::slowProviderDoesNotHoldUpTheOthersAndFailureIsShown()
{
    Faults slow;
    slow.latencyMs = 1500;
    Faults failing;
    failing.errorRate = 1.0;
    start({{QStringLiteral("sdkfinance"), slow}, {QStringLiteral("trustswiftly"), failing}});

    QStringList arrivals; // source of each page, in order
    connect(m_search.get(), &SearchService::hitsArrived, this,
            [&arrivals](quint64, const QString& source, const QList<SearchHit>&) { arrivals << source; });
    QList<SearchSourceStatus> statuses;
    connect(m_model.get(), &FederatedSearchModel::sourceStatusChanged, this,
            [&statuses](const QString&, const SearchSourceStatus& s) { statuses << s; });

    const QString email = emailOf(3);
    QElapsedTimer clock;
    clock.start();
    m_model->setQuery(email);
    QTRY_VERIFY_WITH_TIMEOUT(m_model->rowCount() > 0, 5000);
    const qint64 firstRowMs = clock.elapsed();
    QVERIFY2(firstRowMs < 1500, qPrintable(QString::number(firstRowMs))); // did not wait for SDK.Finance
    QCOMPARE(arrivals.value(0), QStringLiteral("index"));
    QCOMPARE(m_search->status(QStringLiteral("sdkfinance")).state, SearchSourceStatus::State::Loading);

    QTRY_VERIFY_WITH_TIMEOUT(!m_search->isBusy(), 30000);
    QCOMPARE(arrivals.constLast(), QStringLiteral("sdkfinance"));
    const SearchSourceStatus ts = m_search->status(QStringLiteral("trustswiftly"));
    QCOMPARE(ts.state, SearchSourceStatus::State::Error);
    QVERIFY(ts.error.isError());
    QVERIFY2(ts.text().contains(QLatin1String("Trust Swiftly")), qPrintable(ts.text()));
    QCOMPARE(m_search->status(QStringLiteral("sdkfinance")).state, SearchSourceStatus::State::Loaded);
    QCOMPARE(m_search->status(QStringLiteral("index")).results, 1);
    bool sawError = false;
    for (const SearchSourceStatus& s : statuses)
        sawError = sawError ||
                   (s.source == QLatin1String("trustswiftly") && s.state == SearchSourceStatus::State::Error);
    QVERIFY(sawError);

    // The index entry and the SDK.Finance profile of CUST-000003 are one row.
    QCOMPARE(m_model->rowCount(), 1);
    const FederatedSearchModel::Row row = m_model->itemAt(m_model->index(0, 0));
    QCOMPARE(row.subjectReference, SubjectsCsvWriter::referenceFor(3));
    QCOMPARE(row.hits.size(), 2);
    QCOMPARE(row.ids.value(QStringLiteral("sdkfinance")), SdkFinanceEmulator::userId(3));
    const QStringList providers =
        m_model->data(m_model->index(0, 0), FederatedSearchModel::ProvidersRole).toStringList();
    QVERIFY(providers.contains(QStringLiteral("smileid")));
    QVERIFY(providers.contains(QStringLiteral("smartid")));
    QVERIFY(m_model->data(m_model->index(0, FederatedSearchModel::ProvidersColumn))
                .toString()
                .contains(QLatin1String("Smile ID")));
}

void TestFederatedSearch::linkedRecordsMergeAndSameEmailIsSuggested()
{
    start({});
    // User 5's subject row has no SDK.Finance column (SubjectsCsvWriter leaves out every fifth).
    QVERIFY(SubjectsCsvWriter::leavesOutSdkFinance(5));
    const QString email = emailOf(5);
    QSignalSpy suggestionsChanged(m_model.get(), &FederatedSearchModel::suggestionsChanged);
    m_model->setQuery(email);
    QTRY_VERIFY_WITH_TIMEOUT(!m_search->isBusy(), 30000);
    QCOMPARE(m_model->rowCount(),
             2); // the subject (index + Trust Swiftly) and the unlinked SDK.Finance profile
    QVERIFY(suggestionsChanged.count() > 0);
    QCOMPARE(m_model->suggestions().size(), 1);
    const LinkSuggestion s = m_model->suggestions().constFirst();
    QCOMPARE(s.subjectReference, SubjectsCsvWriter::referenceFor(5));
    QCOMPARE(s.otherProvider, QStringLiteral("sdkfinance"));
    QCOMPARE(s.otherProviderId, SdkFinanceEmulator::userId(5));
    QCOMPARE(s.matchedOn, QStringLiteral("email"));
    int subjectRow = -1;
    for (int r = 0; r < m_model->rowCount(); ++r) {
        QVERIFY(m_model->data(m_model->index(r, 0), FederatedSearchModel::HasSuggestionRole).toBool());
        if (!m_model->itemAt(m_model->index(r, 0)).subjectReference.isEmpty())
            subjectRow = r;
    }
    QVERIFY(subjectRow >= 0);
    QCOMPARE(m_model->itemAt(m_model->index(subjectRow, 0)).ids.value(QStringLiteral("trustswiftly")),
             QStringLiteral("5"));

    // An officer confirms: the next search shows one person.
    QString error;
    QVERIFY2(m_subjects->confirm(s, QString(), QStringLiteral("same e-mail, checked"), &error),
             qPrintable(error));
    m_model->setQuery(email);
    QTRY_VERIFY_WITH_TIMEOUT(!m_search->isBusy(), 30000);
    QCOMPARE(m_model->rowCount(), 1);
    QVERIFY(m_model->suggestions().isEmpty());
    QCOMPARE(m_model->itemAt(m_model->index(0, 0)).hits.size(), 3);
}

void TestFederatedSearch::newQueryDropsEveryAnswerOfTheOldOne()
{
    Faults slow;
    slow.latencyMs = 700;
    start({{QStringLiteral("sdkfinance"), slow}, {QStringLiteral("trustswiftly"), slow}});
    const QString oldEmail = emailOf(3);
    const QString newEmail = emailOf(7);
    m_model->setQuery(oldEmail);
    QTest::qWait(200); // the old query's provider requests are on the wire (and in the sandbox)
    QVERIFY(m_search->isBusy());
    QStringList seenEmails; // everything the model shows from now on
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, this,
            [this, &seenEmails](const QModelIndex&, int first, int last) {
                for (int r = first; r <= last; ++r)
                    seenEmails << m_model->itemAt(m_model->index(r, 0)).email;
            });
    connect(m_model.get(), &QAbstractItemModel::dataChanged, this,
            [this, &seenEmails](const QModelIndex& tl, const QModelIndex&) {
                seenEmails << m_model->itemAt(tl).email;
            });
    m_model->setQuery(newEmail);
    QTRY_VERIFY_WITH_TIMEOUT(!m_search->isBusy(), 30000);
    QTest::qWait(1000); // anything late of the old query would have arrived by now
    QVERIFY(!seenEmails.isEmpty());
    for (const QString& e : std::as_const(seenEmails))
        QCOMPARE(e, newEmail);
    for (int r = 0; r < m_model->rowCount(); ++r)
        QCOMPARE(m_model->itemAt(m_model->index(r, 0)).email, newEmail);
    bool oldQuerySent = false;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        oldQuerySent = oldQuerySent || r.body.contains(oldEmail.toUtf8()) ||
                       QUrl::fromPercentEncoding(r.query).contains(oldEmail);
    QVERIFY(oldQuerySent);
}

void TestFederatedSearch::pagesPerSource()
{
    start({});
    // The tester would page through everything by itself: here the test does the paging.
    m_tester->setUseFetchMore(false);
    m_search->setPageSize(10);
    m_model->setQuery(QStringLiteral("a"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_search->isBusy(), 30000);
    const int first = m_model->rowCount();
    QVERIFY2(first > 0 && first <= 30, qPrintable(QString::number(first)));
    QVERIFY(m_model->canFetchMore(QModelIndex()));
    QVERIFY(m_search->status(QStringLiteral("trustswiftly")).total > 10);
    m_model->fetchMore(QModelIndex());
    QVERIFY(m_search->isBusy());
    QVERIFY(!m_model->canFetchMore(QModelIndex()) || !m_search->canFetchMore(QStringLiteral("trustswiftly")));
    QTRY_VERIFY_WITH_TIMEOUT(!m_search->isBusy(), 30000);
    QVERIFY(m_model->rowCount() > first);
    QCOMPARE(m_search->status(QStringLiteral("trustswiftly")).results, 20);

    // With the tester paging (as a view scrolling to the end would), every source is read to its end.
    m_tester->setUseFetchMore(true);
    m_model->setQuery(QStringLiteral("mateo"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_search->isBusy() && !m_model->canFetchMore(QModelIndex()), 30000);
    QCOMPARE(m_search->status(QStringLiteral("trustswiftly")).results,
             int(m_search->status(QStringLiteral("trustswiftly")).total));
}

QTEST_GUILESS_MAIN(TestFederatedSearch)
#include "tst_federatedsearch.moc"
