// SPDX-License-Identifier: GPL-3.0-or-later
// UsersModel fed by a real TrustSwiftlyClient over TLS from an in-process SandboxServer, checked by
// QAbstractItemModelTester on every change. Expected rows come from the sandbox's own population.

#include "SandboxServer.h"
#include "models/UsersModel.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "providers/trustswiftly/TrustSwiftlySettings.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTest>
#include <memory>

namespace {
constexpr quint32 kUsers = 237;                          // 237 / 50: four full pages and a partial fifth
const QString kEveryone = QStringLiteral("example.com"); // every sandbox e-mail ends with it

QStringList idsOf(const UsersModel& model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, UsersModel::IdColumn).data(UsersModel::UserIdRole).toString();
    return ids;
}

QStringList idsOf(const std::vector<quint32>& ids)
{
    QStringList result;
    for (quint32 id : ids)
        result << QString::number(id);
    return result;
}
} // namespace

class tst_UsersModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void queryLoadsFirstPage();
    void fetchMoreUntilEveryMatchIsShown();
    void newQueryReplacesQueryInFlight();
    void noMatchIsEmpty();
    void emptyQueryIsIdle();
    void unreachableServerIsNetworkError();
    void failedLaterPageKeepsRows();
    void itemAtReturnsRecord();

private:
    void startSandbox(int latencyMs = 0);
    std::unique_ptr<TrustSwiftlyClient> clientFor(const QUrl& baseUrl) const;
    int userListRequests() const;

    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<TrustSwiftlyClient> m_client;
    std::unique_ptr<UsersModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QList<UsersModel::State> m_states;
    int m_pagesLoaded = 0;
};

void tst_UsersModel::startSandbox(int latencyMs)
{
    SandboxOptions options;
    options.users = kUsers;
    options.seed = 4;
    options.faults.latencyMs = latencyMs;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_client = clientFor(m_sandbox->providerUrl(QStringLiteral("trustswiftly")));
    m_model = std::make_unique<UsersModel>(m_client.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_tester->setUseFetchMore(true);
    connect(m_model.get(), &UsersModel::stateChanged, this, [this](UsersModel::State s) { m_states << s; });
    connect(m_model.get(), &UsersModel::pageLoaded, this, [this] { ++m_pagesLoaded; });
}

std::unique_ptr<TrustSwiftlyClient> tst_UsersModel::clientFor(const QUrl& baseUrl) const
{
    TrustSwiftlySettings settings;
    settings.baseUrl = baseUrl;
    settings.apiKey = m_sandbox->options().trustSwiftlyApiKey;
    return std::make_unique<TrustSwiftlyClient>(settings, QList<QSslCertificate>{m_sandbox->caCertificate()});
}

int tst_UsersModel::userListRequests() const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path == QLatin1String("/trustswiftly/api/users"))
            ++n;
    return n;
}

void tst_UsersModel::init()
{
    m_states.clear();
    m_pagesLoaded = 0;
}

void tst_UsersModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_client.reset();
    m_sandbox.reset();
}

void tst_UsersModel::queryLoadsFirstPage()
{
    startSandbox();
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_model->state(), UsersModel::State::Idle);
    m_model->setQuery(kEveryone);
    QCOMPARE(m_model->state(), UsersModel::State::Loading);
    QTRY_COMPARE(m_model->state(), UsersModel::State::Loaded);
    QCOMPARE(m_states, (QList<UsersModel::State>{UsersModel::State::Loading, UsersModel::State::Loaded}));

    const Population::SearchResult expected = m_sandbox->population().search(kEveryone, 0, 50);
    QCOMPARE(expected.total, kUsers);
    QCOMPARE(m_model->rowCount(), m_model->pageSize());
    QCOMPARE(m_model->totalCount(), qint64(expected.total));
    QCOMPARE(idsOf(*m_model), idsOf(expected.ids));
    QVERIFY(m_model->canFetchMore(QModelIndex()));
    QCOMPARE(m_model->columnCount(), int(UsersModel::ColumnCount));

    // What a view shows in row 0 is the provider's user.
    const PopulationUser first = m_sandbox->population().user(expected.ids.front());
    QCOMPARE(m_model->index(0, UsersModel::NameColumn).data().toString(),
             first.firstName + QLatin1Char(' ') + first.lastName);
    QCOMPARE(m_model->index(0, UsersModel::EmailColumn).data().toString(), first.email);
    QCOMPARE(m_model->index(0, UsersModel::ReferenceColumn).data().toString(), first.referenceId);
    QCOMPARE(m_model->index(0, UsersModel::StatusColumn).data().toString(), first.status);
    QCOMPARE(userListRequests(), 1);
}

void tst_UsersModel::fetchMoreUntilEveryMatchIsShown()
{
    startSandbox();
    if (QTest::currentTestFailed())
        return;
    m_model->setQuery(kEveryone);
    QTRY_COMPARE(m_model->state(), UsersModel::State::Loaded);

    // The tester (setUseFetchMore) also calls fetchMore() whenever rows arrive, as a view may:
    // wait for whatever is in flight before asking for the next page.
    for (int guard = 0; guard < 20; ++guard) {
        QTRY_VERIFY(!m_model->isFetching());
        if (!m_model->canFetchMore(QModelIndex()))
            break;
        const int rowsBefore = m_model->rowCount();
        m_model->fetchMore(QModelIndex());
        QVERIFY(m_model->isFetching());
        QVERIFY(!m_model->canFetchMore(QModelIndex())); // one page at a time
        QTRY_VERIFY(m_model->rowCount() > rowsBefore);
    }
    const Population::SearchResult all = m_sandbox->population().search(kEveryone, 0, kUsers);
    QCOMPARE(m_model->rowCount(), int(all.total));
    QCOMPARE(m_model->totalCount(), qint64(all.total));
    QCOMPARE(idsOf(*m_model), idsOf(all.ids)); // no row lost, none twice, provider order kept
    QVERIFY(!m_model->canFetchMore(QModelIndex()));
    QCOMPARE(m_model->state(), UsersModel::State::Loaded);
    QCOMPARE(userListRequests(), 5); // 50 + 50 + 50 + 50 + 37
    QCOMPARE(m_pagesLoaded, 5);
}

void tst_UsersModel::newQueryReplacesQueryInFlight()
{
    startSandbox(300); // every answer takes 300 ms: time to change one's mind
    if (QTest::currentTestFailed())
        return;
    const QString lastName = m_sandbox->population().user(7).lastName;
    const Population::SearchResult expected = m_sandbox->population().search(lastName, 0, 50);
    QVERIFY(expected.total > 0);
    QVERIFY(expected.total < kUsers);

    m_model->setQuery(kEveryone);
    QTRY_COMPARE(userListRequests(), 1); // the first search is at the server
    QVERIFY(m_model->isFetching());
    m_model->setQuery(lastName);
    QCOMPARE(m_model->rowCount(), 0);
    QTRY_COMPARE(m_model->state(), UsersModel::State::Loaded);
    QCOMPARE(idsOf(*m_model), idsOf(expected.ids));
    QCOMPARE(m_model->totalCount(), qint64(expected.total));

    QTest::qWait(500); // long enough for a late answer to the first search to show up
    QCOMPARE(idsOf(*m_model), idsOf(expected.ids));
    QCOMPARE(m_model->totalCount(), qint64(expected.total));
    QCOMPARE(m_pagesLoaded, 1);
    QVERIFY(!m_states.contains(UsersModel::State::Error));
}

void tst_UsersModel::noMatchIsEmpty()
{
    startSandbox();
    if (QTest::currentTestFailed())
        return;
    const QString text = QStringLiteral("no-such-person-xq");
    QCOMPARE(m_sandbox->population().search(text, 0, 1).total, 0u);
    m_model->setQuery(text);
    QTRY_COMPARE(m_model->state(), UsersModel::State::Empty);
    QCOMPARE(m_states, (QList<UsersModel::State>{UsersModel::State::Loading, UsersModel::State::Empty}));
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->totalCount(), qint64(0));
    QVERIFY(!m_model->canFetchMore(QModelIndex()));
    QVERIFY(!m_model->lastError().isError());
}

void tst_UsersModel::emptyQueryIsIdle()
{
    startSandbox();
    if (QTest::currentTestFailed())
        return;
    m_model->setQuery(kEveryone);
    QTRY_COMPARE(m_model->state(), UsersModel::State::Loaded);
    m_model->setQuery(QStringLiteral("   "));
    QCOMPARE(m_model->state(), UsersModel::State::Idle);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(!m_model->canFetchMore(QModelIndex()));
    QTest::qWait(100);
    QCOMPARE(userListRequests(), 1); // clearing the box does not search for everyone
}

void tst_UsersModel::unreachableServerIsNetworkError()
{
    startSandbox();
    if (QTest::currentTestFailed())
        return;
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 closedPort = probe.serverPort();
    probe.close();

    auto client = clientFor(QUrl(QStringLiteral("https://127.0.0.1:%1/trustswiftly").arg(closedPort)));
    UsersModel model(client.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(true);
    model.setQuery(kEveryone);
    QCOMPARE(model.state(), UsersModel::State::Loading);
    QTRY_COMPARE_WITH_TIMEOUT(model.state(), UsersModel::State::Error, 15000);
    QCOMPARE(model.lastError().kind, ApiError::Kind::Network);
    QCOMPARE(model.lastError().provider, QStringLiteral("Trust Swiftly"));
    QVERIFY2(model.lastError().message().contains(QStringLiteral("Trust Swiftly")),
             qPrintable(model.lastError().message()));
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore(QModelIndex()));
}

void tst_UsersModel::failedLaterPageKeepsRows()
{
    startSandbox();
    if (QTest::currentTestFailed())
        return;
    m_model->setQuery(kEveryone);
    QTRY_COMPARE(m_model->state(), UsersModel::State::Loaded);
    const QStringList firstPage = idsOf(*m_model);
    QCOMPARE(firstPage.size(), 50);

    m_sandbox.reset(); // the provider goes away while the officer scrolls
    m_model->fetchMore(QModelIndex());
    QTRY_COMPARE_WITH_TIMEOUT(m_model->state(), UsersModel::State::Error, 15000);
    QCOMPARE(m_model->lastError().kind, ApiError::Kind::Network);
    QCOMPARE(idsOf(*m_model), firstPage); // what was shown stays shown
}

void tst_UsersModel::itemAtReturnsRecord()
{
    startSandbox();
    if (QTest::currentTestFailed())
        return;
    const QString lastName = m_sandbox->population().user(11).lastName;
    m_model->setQuery(lastName);
    QTRY_COMPARE(m_model->state(), UsersModel::State::Loaded);
    QVERIFY(m_model->rowCount() > 0);

    const int row = m_model->rowCount() - 1;
    const QModelIndex index = m_model->index(row, UsersModel::EmailColumn);
    const UserRecord record = m_model->itemAt(index);
    const PopulationUser expected = m_sandbox->population().user(record.id.toUInt());
    QCOMPARE(record.provider, QStringLiteral("trustswiftly"));
    QCOMPARE(record.id, QString::number(expected.id));
    QCOMPARE(record.firstName, expected.firstName);
    QCOMPARE(record.lastName, expected.lastName);
    QCOMPARE(record.email, expected.email);
    QCOMPARE(record.phone, expected.phone);
    QCOMPARE(record.referenceId, expected.referenceId);
    QCOMPARE(record.status, expected.status);
    QCOMPARE(record.attributes.value(QStringLiteral("current_workflow_id")).toString(),
             expected.currentWorkflowId);
    const Population::SearchResult matches = m_sandbox->population().search(lastName, 0, kUsers);
    QVERIFY(idsOf(matches.ids).contains(record.id));

    // The same record through the roles a view or proxy uses.
    QCOMPARE(index.data(UsersModel::UserIdRole).toString(), record.id);
    QCOMPARE(index.data(UsersModel::ProviderRole).toString(), record.provider);
    QCOMPARE(index.data(UsersModel::UserRecordRole).value<UserRecord>().email, record.email);
    QCOMPARE(m_model->itemAt(QModelIndex()).id, QString());
}

QTEST_GUILESS_MAIN(tst_UsersModel)
#include "tst_usersmodel.moc"
