// SPDX-License-Identifier: GPL-3.0-or-later
// PendingResetsModel fed by a real SdkFinanceClient over TLS from an in-process SandboxServer,
// checked by QAbstractItemModelTester on every change. Expected rows come from the sandbox's seed.
#include "SandboxServer.h"
#include "net/HttpReply.h"
#include "providers/sdkfinance/PendingResetsModel.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"
#include "sdkfinance/SdkFinanceEmulator.h"

#include <QAbstractItemModelTester>
#include <QDeadlineTimer>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <algorithm>
#include <memory>

namespace {
QStringList idsOf(const QAbstractItemModel& model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, PendingResetsModel::RequestIdColumn)
                   .data(PendingResetsModel::RequestIdRole)
                   .toString();
    return ids;
}
} // namespace

class TestPendingResetsModel final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void pagingReachesEveryRequestIncludingAPartialLastPage();
    void columnsAndRoles();
    void statusFilter();
    void refreshRemovesDecidedRowsAndKeepsTheOthers();
    void refreshUpdatesChangedRowsInPlace();
    void refreshInsertsWhereTheProviderListsThem();
    void refreshOfAPartlyLoadedListFillsUpTheSamePages();
    void unknownStatusIsEmpty();
    void unreachableServerIsAnErrorAndRetryWorks();

private:
    void startModel(bool useFetchMore = true);
    void loadAll();
    void waitIdle();
    QStringList expectedIds(const QString& status) const;
    QList<SdkFinanceResetRequest> currentRequests(const QString& status) const;
    void approve(const QString& requestId);
    int listRequests() const;

    std::unique_ptr<SandboxServer> m_sandbox;
    std::unique_ptr<SdkFinanceClient> m_client;
    std::unique_ptr<PendingResetsModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QList<SdkFinanceResetRequest> m_seed; ///< what the sandbox started with; updated by approve()
    int m_pageSize = 0;
};

void TestPendingResetsModel::init()
{
    SandboxOptions options;
    options.users = 1000;
    options.seed = 5;
    m_sandbox = std::make_unique<SandboxServer>(options);
    QString error;
    QVERIFY2(m_sandbox->start(&error), qPrintable(error));
    m_seed = SdkFinanceEmulator::seedRequests(m_sandbox->population());
    const int pending = int(currentRequests(QStringLiteral("PENDING")).size());
    QVERIFY2(pending >= 20, "the seed gives too few pending requests for the test");
    // A page size that leaves a partial last page, with at least three pages.
    m_pageSize = 6;
    while (pending % m_pageSize == 0)
        ++m_pageSize;
    QVERIFY(pending / m_pageSize >= 3);

    SdkFinanceSettings settings;
    settings.baseUrl = m_sandbox->providerUrl(QStringLiteral("sdkfinance"));
    settings.login = options.sdkFinanceLogin;
    settings.password = options.sdkFinancePassword;
    m_client =
        std::make_unique<SdkFinanceClient>(settings, QList<QSslCertificate>{m_sandbox->caCertificate()});
}

void TestPendingResetsModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_client.reset();
    m_sandbox.reset();
    QTest::qWait(20);
}

void TestPendingResetsModel::startModel(bool useFetchMore)
{
    m_model = std::make_unique<PendingResetsModel>(m_client.get());
    m_model->setPageSize(m_pageSize);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_tester->setUseFetchMore(useFetchMore);
}

void TestPendingResetsModel::waitIdle()
{
    QTRY_VERIFY_WITH_TIMEOUT(!m_model->isFetching() && !m_model->isRefreshing() &&
                                 m_model->state() != PendingResetsModel::State::Loading,
                             30000);
}

void TestPendingResetsModel::loadAll()
{
    const QDeadlineTimer deadline(60000);
    while (!deadline.hasExpired()) {
        if (m_model->isFetching() || m_model->state() == PendingResetsModel::State::Loading) {
            QTest::qWait(5);
            continue;
        }
        QVERIFY2(m_model->state() != PendingResetsModel::State::Error,
                 qPrintable(m_model->lastError().message()));
        if (!m_model->canFetchMore(QModelIndex()))
            return;
        m_model->fetchMore(QModelIndex());
    }
    QFAIL("paging did not finish within 60 s");
}

QList<SdkFinanceResetRequest> TestPendingResetsModel::currentRequests(const QString& status) const
{
    QList<SdkFinanceResetRequest> list;
    for (const SdkFinanceResetRequest& r : m_seed)
        if (status.isEmpty() || r.status == status)
            list << r;
    return list;
}

QStringList TestPendingResetsModel::expectedIds(const QString& status) const
{
    QStringList ids;
    for (const SdkFinanceResetRequest& r : currentRequests(status))
        ids << r.id;
    return ids;
}

void TestPendingResetsModel::approve(const QString& requestId)
{
    for (SdkFinanceResetRequest& r : m_seed) {
        if (r.id != requestId)
            continue;
        ActionRequest a;
        a.provider = QStringLiteral("sdkfinance");
        a.action = QStringLiteral("approve");
        a.userId = SdkFinanceEmulator::userId(r.populationId);
        a.params = {{QStringLiteral("request"), requestId}};
        HttpReply* reply = m_client->send(a);
        QSignalSpy done(reply, &HttpReply::finished);
        bool ok = false;
        connect(reply, &HttpReply::finished, this, [&ok, reply] { ok = reply->result().ok(); });
        QVERIFY(done.wait(20000));
        QVERIFY(ok);
        r.status = QStringLiteral("APPROVED");
        return;
    }
    QFAIL("no such request");
}

int TestPendingResetsModel::listRequests() const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(QLatin1String("/view-reset-identification-requests")))
            ++n;
    return n;
}

void TestPendingResetsModel::pagingReachesEveryRequestIncludingAPartialLastPage()
{
    startModel();
    QSignalSpy pages(m_model.get(), &PendingResetsModel::pageLoaded);
    QCOMPARE(m_model->state(), PendingResetsModel::State::Idle);
    QVERIFY(!m_model->canFetchMore(QModelIndex())); // nothing before reload()
    m_model->reload();
    QCOMPARE(m_model->state(), PendingResetsModel::State::Loading);
    waitIdle();
    QCOMPARE(m_model->state(), PendingResetsModel::State::Loaded);
    QVERIFY(m_model->rowCount() >= m_pageSize);
    loadAll();

    const QStringList expected = expectedIds(QStringLiteral("PENDING"));
    QCOMPARE(idsOf(*m_model), expected);
    QCOMPARE(m_model->totalCount(), qint64(expected.size()));
    QVERIFY(!m_model->canFetchMore(QModelIndex()));
    const int pageCount = int((expected.size() + m_pageSize - 1) / m_pageSize);
    QCOMPARE(int(pages.size()), pageCount);
    // Every page asked for exactly once, 0-based; the last one was short.
    QList<int> asked;
    for (const RecordedRequest& r : m_sandbox->requestLog()) {
        if (!r.path.endsWith(QLatin1String("/view-reset-identification-requests")))
            continue;
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(body.value(QStringLiteral("pageSize")).toInt(), m_pageSize);
        QCOMPARE(body.value(QStringLiteral("filter")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("PENDING"));
        asked << body.value(QStringLiteral("pageNumber")).toInt();
    }
    QList<int> all;
    for (int i = 0; i < pageCount; ++i)
        all << i;
    std::sort(asked.begin(), asked.end());
    QCOMPARE(asked, all);
    QVERIFY(expected.size() % m_pageSize != 0);
}

void TestPendingResetsModel::columnsAndRoles()
{
    startModel();
    m_model->reload();
    waitIdle();
    QCOMPARE(m_model->columnCount(), int(PendingResetsModel::ColumnCount));
    QCOMPARE(m_model->headerData(PendingResetsModel::CommentColumn, Qt::Horizontal).toString(),
             QStringLiteral("Comment"));
    const SdkFinanceResetRequest want = currentRequests(QStringLiteral("PENDING")).first();
    const QModelIndex first = m_model->index(0, PendingResetsModel::UserColumn);
    const PopulationUser user = m_sandbox->population().user(want.populationId);
    QCOMPARE(first.data().toString(), user.firstName + QLatin1Char(' ') + user.lastName);
    QCOMPARE(first.data(PendingResetsModel::UserIdRole).toString(),
             SdkFinanceEmulator::userId(want.populationId));
    QCOMPARE(first.data(PendingResetsModel::CreatedAtRole).toDateTime(), want.createdAt);
    QCOMPARE(m_model->index(0, PendingResetsModel::StatusColumn).data().toString(),
             QStringLiteral("PENDING"));
    QCOMPARE(m_model->index(0, PendingResetsModel::CommentColumn).data().toString(), want.comment);
    QVERIFY(!m_model->index(0, PendingResetsModel::CreatedColumn).data().toString().isEmpty());
    const ResetRequest item = m_model->itemAt(first);
    QCOMPARE(item.id, want.id);
    QCOMPARE(first.data(PendingResetsModel::ResetRequestRole).value<ResetRequest>(), item);
    QCOMPARE(m_model->rowOf(want.id), 0);
    QCOMPARE(m_model->rowOf(QStringLiteral("nope")), -1);
}

void TestPendingResetsModel::statusFilter()
{
    startModel();
    QSignalSpy totals(m_model.get(), &PendingResetsModel::totalCountChanged);
    m_model->setStatus(QStringLiteral("APPROVED"));
    waitIdle();
    loadAll();
    QCOMPARE(m_model->status(), QStringLiteral("APPROVED"));
    QCOMPARE(idsOf(*m_model), expectedIds(QStringLiteral("APPROVED")));
    QVERIFY(!totals.isEmpty());
    QCOMPARE(totals.constLast().at(0).toLongLong(), qint64(expectedIds(QStringLiteral("APPROVED")).size()));

    m_model->setStatus(QString()); // every status
    waitIdle();
    loadAll();
    QCOMPARE(idsOf(*m_model), expectedIds(QString()));
}

void TestPendingResetsModel::refreshRemovesDecidedRowsAndKeepsTheOthers()
{
    startModel();
    m_model->reload();
    waitIdle();
    loadAll();
    const QStringList before = idsOf(*m_model);
    // Select and remember rows around the one that goes away.
    QItemSelectionModel selection(m_model.get());
    const int decided = 4;
    const QString decidedId = before.at(decided);
    selection.setCurrentIndex(m_model->index(decided + 2, 0),
                              QItemSelectionModel::SelectCurrent | QItemSelectionModel::Rows);
    QList<QPersistentModelIndex> kept;
    for (int row = 0; row < m_model->rowCount(); ++row)
        kept << QPersistentModelIndex(m_model->index(row, PendingResetsModel::RequestIdColumn));

    approve(decidedId);
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy refreshed(m_model.get(), &PendingResetsModel::refreshed);
    m_model->refresh();
    QVERIFY(m_model->isRefreshing());
    QVERIFY(!m_model->canFetchMore(QModelIndex()));
    QVERIFY(refreshed.wait(30000));

    QCOMPARE(resets.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.constFirst().at(1).toInt(), decided);
    QCOMPARE(removed.constFirst().at(2).toInt(), decided);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(changed.size(), 0);
    QStringList after = before;
    after.removeAt(decided);
    QCOMPARE(idsOf(*m_model), after);
    QCOMPARE(idsOf(*m_model), expectedIds(QStringLiteral("PENDING")));
    QCOMPARE(m_model->totalCount(), qint64(after.size()));
    // Every other row is still where a view's persistent index says, and the selection stayed.
    for (int row = 0; row < kept.size(); ++row) {
        if (row == decided) {
            QVERIFY(!kept.at(row).isValid());
            continue;
        }
        QVERIFY(kept.at(row).isValid());
        QCOMPARE(kept.at(row).data(PendingResetsModel::RequestIdRole).toString(), before.at(row));
    }
    QCOMPARE(selection.currentIndex().data(PendingResetsModel::RequestIdRole).toString(),
             before.at(decided + 2));
    QVERIFY(selection.isRowSelected(decided + 1, QModelIndex()));
    QCOMPARE(m_model->state(), PendingResetsModel::State::Loaded);
}

void TestPendingResetsModel::refreshUpdatesChangedRowsInPlace()
{
    startModel();
    m_model->setStatus(QString());
    waitIdle();
    loadAll();
    const QStringList before = idsOf(*m_model);
    const int row = before.indexOf(expectedIds(QStringLiteral("PENDING")).at(2));
    QVERIFY(row >= 0);
    QPersistentModelIndex status(m_model->index(row, PendingResetsModel::StatusColumn));
    QCOMPARE(status.data().toString(), QStringLiteral("PENDING"));
    approve(before.at(row));

    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy refreshed(m_model.get(), &PendingResetsModel::refreshed);
    m_model->refresh();
    QVERIFY(refreshed.wait(30000));
    QCOMPARE(resets.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.constFirst().at(0).toModelIndex().row(), row);
    QCOMPARE(idsOf(*m_model), before);
    QCOMPARE(status.row(), row);
    QCOMPARE(status.data().toString(), QStringLiteral("APPROVED"));
}

void TestPendingResetsModel::refreshInsertsWhereTheProviderListsThem()
{
    startModel();
    m_model->setStatus(QStringLiteral("APPROVED"));
    waitIdle();
    loadAll();
    const QStringList before = idsOf(*m_model);
    // Approving a pending request puts it into this list, between older and newer ones.
    const QList<SdkFinanceResetRequest> pendingNow = currentRequests(QStringLiteral("PENDING"));
    const QString newcomer = pendingNow.at(pendingNow.size() / 2).id;
    approve(newcomer);
    const QStringList expected = expectedIds(QStringLiteral("APPROVED"));
    const int at = expected.indexOf(newcomer);
    QVERIFY(at > 0 && at < expected.size() - 1);

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(m_model.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy refreshed(m_model.get(), &PendingResetsModel::refreshed);
    m_model->refresh();
    QVERIFY(refreshed.wait(30000));
    QCOMPARE(removed.size(), 0);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.constFirst().at(1).toInt(), at);
    QCOMPARE(idsOf(*m_model), expected);
    QCOMPARE(m_model->totalCount(), qint64(before.size() + 1));
}

void TestPendingResetsModel::refreshOfAPartlyLoadedListFillsUpTheSamePages()
{
    startModel(false); // the tester must not page on its own here
    m_model->reload();
    waitIdle();
    m_model->fetchMore(QModelIndex());
    waitIdle();
    QCOMPARE(m_model->rowCount(), 2 * m_pageSize);
    const QStringList before = idsOf(*m_model);
    approve(before.at(1));
    m_sandbox->clearRequestLog();
    QSignalSpy refreshed(m_model.get(), &PendingResetsModel::refreshed);
    m_model->refresh();
    QVERIFY(refreshed.wait(30000));
    QCOMPARE(listRequests(), 2); // the two pages shown, nothing more
    // The decided row went; the first request of the third page moved up into view at the end.
    const QStringList expected = expectedIds(QStringLiteral("PENDING")).mid(0, 2 * m_pageSize);
    QCOMPARE(idsOf(*m_model), expected);
    QVERIFY(m_model->canFetchMore(QModelIndex()));
    // Paging goes on where it stopped, without showing a request twice.
    loadAll();
    QCOMPARE(idsOf(*m_model), expectedIds(QStringLiteral("PENDING")));
}

void TestPendingResetsModel::unknownStatusIsEmpty()
{
    startModel();
    m_model->setStatus(QStringLiteral("NO_SUCH_STATUS"));
    waitIdle();
    QCOMPARE(m_model->state(), PendingResetsModel::State::Empty);
    QCOMPARE(m_model->rowCount(), 0);
    QCOMPARE(m_model->totalCount(), qint64(0));
    QVERIFY(!m_model->canFetchMore(QModelIndex()));
}

void TestPendingResetsModel::unreachableServerIsAnErrorAndRetryWorks()
{
    // A port nobody listens on.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    SdkFinanceSettings settings;
    QUrl url = m_sandbox->providerUrl(QStringLiteral("sdkfinance"));
    url.setPort(port);
    settings.baseUrl = url;
    settings.login = m_sandbox->options().sdkFinanceLogin;
    settings.password = m_sandbox->options().sdkFinancePassword;
    SdkFinanceClient offline(settings, {m_sandbox->caCertificate()});
    PendingResetsModel model(&offline);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tester.setUseFetchMore(true);
    QList<PendingResetsModel::State> states;
    connect(&model, &PendingResetsModel::stateChanged, this,
            [&states](PendingResetsModel::State s) { states << s; });
    model.reload();
    QTRY_COMPARE_WITH_TIMEOUT(model.state(), PendingResetsModel::State::Error, 30000);
    QCOMPARE(model.lastError().kind, ApiError::Kind::Network);
    QVERIFY(!model.lastError().message().isEmpty());
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.canFetchMore(QModelIndex()));
    QCOMPARE(states, (QList<PendingResetsModel::State>{PendingResetsModel::State::Loading,
                                                       PendingResetsModel::State::Error}));
    // retry() asks again (and fails again: nobody listens).
    model.retry();
    QCOMPARE(model.state(), PendingResetsModel::State::Loading);
    QTRY_COMPARE_WITH_TIMEOUT(model.state(), PendingResetsModel::State::Error, 30000);
}

QTEST_GUILESS_MAIN(TestPendingResetsModel)
#include "tst_sdkfinance_pendingresetsmodel.moc"
