// SPDX-License-Identifier: GPL-3.0-or-later
// bench_federatedsearch: the sandbox (a separate identitydesk-sandbox process) seeded with 1,000,000
// users; for a few queries, the time from FederatedSearchModel::setQuery() to (a) the first row and
// (b) the first page of every provider, against curl fetching the same provider endpoints (both at
// once) in the same run; then 10,000 results paged in through fetchMore() with the RSS before/after.
//
//   bench_federatedsearch [--users N] [--rows N] [--repeat N] [--store URL] [--keystrokes N]
//
// --store URL: the subject index is that store, already filled (e.g. by bench_subjectindex import
// with 1 M or 10 M subjects), instead of a new SQLite store of the sandbox's first 10,000 people.
// --keystrokes N: also N rounds of typing a few queries letter by letter as the main window does on
// each keystroke (setQuery with Providers::Deferred: the local index only, no debounce), each
// keystroke timed to the index's first row in the model (or its empty answer); prints median, p99
// and max (issue 34: first local row <= 16 ms).
#include "models/FederatedSearchModel.h"
#include "providers/sdkfinance/SdkFinanceSettings.h"
#include "providers/trustswiftly/TrustSwiftlyClient.h"
#include "providers/trustswiftly/TrustSwiftlySettings.h"
#include "services/SearchService.h"
#include "services/Session.h"
#include "services/SubjectService.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QUrlQuery>
#include <algorithm>
#include <cstdio>
#include <functional>

namespace {
void out(const QString& line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
    std::fflush(stdout);
}

bool waitUntil(const std::function<bool()>& done, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::usleep(200);
    }
    return true;
}

qint64 rssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty()
               ? 0
               : values.at(std::min(values.size() - 1, qsizetype(p * double(values.size() - 1) + 0.5)));
}

/// Each keystroke as the main window sends it (the index only, no debounce), timed to the index's
/// first row in the model or, when nobody matches, to its empty answer. False when one never came.
bool keystrokes(FederatedSearchModel& model, SearchService& search, int rounds)
{
    // Names accented and not, an e-mail's start, references, phone digits, a provider id, and words
    // nobody has.
    const QStringList typed{QStringLiteral("silva"),      QStringLiteral("joão"),    QStringLiteral("kamau."),
                            QStringLiteral("cust-00042"), QStringLiteral("+254712"), QStringLiteral("123456"),
                            QStringLiteral("zzyzx"),      QStringLiteral("qxqxq")};
    QElapsedTimer t;
    bool answered = false;
    double answeredMs = 0;
    bool withRows = false;
    const QMetaObject::Connection statuses =
        QObject::connect(&search, &SearchService::sourceStatusChanged, &model,
                         [&](const QString& source, const SearchSourceStatus& status) {
                             if (source == SearchService::indexSource() &&
                                 status.state != SearchSourceStatus::State::Loading && !answered) {
                                 answered = true;
                                 answeredMs = double(t.nsecsElapsed()) / 1e6;
                             }
                         });
    // The model's own slot runs first (connected in its constructor): the rows are in when this runs.
    const QMetaObject::Connection rows =
        QObject::connect(&search, &SearchService::hitsArrived, &model,
                         [&withRows](quint64, const QString& source, const QList<SearchHit>&) {
                             if (source == SearchService::indexSource())
                                 withRows = true;
                         });
    // Where the time goes: setQuery() returns once the store has answered (IndexSearchSource asks it
    // inside the call); the index's answer is told once each record is resolved against the index
    // (SearchService::resolve); then the model inserts the rows.
    QList<double> all, found, none, call, answer;
    for (int round = 0; round < rounds; ++round) {
        for (const QString& word : typed) {
            for (qsizetype length = 1; length <= word.size(); ++length) {
                answered = false;
                withRows = false;
                t.start();
                model.setQuery(word.left(length), SearchService::Providers::Deferred);
                call << double(t.nsecsElapsed()) / 1e6;
                // Rows are emitted after the status (SearchService::onPage): wait for the answer, then
                // for the rows it announced.
                if (!waitUntil(
                        [&] {
                            return withRows ||
                                   (answered && search.status(SearchService::indexSource()).results == 0);
                        },
                        60000)) {
                    out(QStringLiteral("keystroke %1: no answer from the index").arg(word.left(length)));
                    return false;
                }
                const double ms = double(t.nsecsElapsed()) / 1e6;
                all << ms;
                answer << answeredMs;
                (withRows ? found : none) << ms;
            }
        }
    }
    QObject::disconnect(statuses);
    QObject::disconnect(rows);
    search.cancel();
    out(QStringLiteral("keystrokes (%1, index only): first local row median %2 ms, p99 %3 ms, max %4 ms; "
                       "with rows %5 (p99 %6 ms), no match %7 (p99 %8 ms)")
            .arg(all.size())
            .arg(median(all), 0, 'f', 2)
            .arg(percentile(all, 0.99), 0, 'f', 2)
            .arg(percentile(all, 1.0), 0, 'f', 2)
            .arg(found.size())
            .arg(percentile(found, 0.99), 0, 'f', 2)
            .arg(none.size())
            .arg(percentile(none, 0.99), 0, 'f', 2));
    out(QStringLiteral("keystrokes, median / p99: setQuery() returned (the store's search) %1 / %2 ms; "
                       "index answered (records resolved) %3 / %4 ms")
            .arg(median(call), 0, 'f', 2)
            .arg(percentile(call, 0.99), 0, 'f', 2)
            .arg(median(answer), 0, 'f', 2)
            .arg(percentile(answer, 0.99), 0, 'f', 2));
    return true;
}

/// curl's own time_total (connect + TLS + request + answer), in ms.
QProcess* startCurl(const QStringList& args)
{
    auto* p = new QProcess;
    p->start(QStringLiteral("curl"),
             QStringList{QStringLiteral("-s"), QStringLiteral("-o"), QStringLiteral("/dev/null"),
                         QStringLiteral("-w"), QStringLiteral("%{time_total}")} +
                 args);
    return p;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const auto option = [&args](const char* name, int fallback) {
        const qsizetype i = args.indexOf(QString::fromLatin1(name));
        return i >= 0 && i + 1 < args.size() ? args.at(i + 1).toInt() : fallback;
    };
    const int users = option("--users", 1000000);
    const int wantedRows = option("--rows", 10000);
    const int repeat = option("--repeat", 5);
    const int keystrokeRounds = option("--keystrokes", 0);
    const qsizetype storeArg = args.indexOf(QStringLiteral("--store"));
    const QString storeUrl = storeArg >= 0 && storeArg + 1 < args.size() ? args.at(storeArg + 1) : QString();

    QTemporaryDir dir;
    const QString profilePath = dir.filePath(QStringLiteral("profile.json"));
    const QString subjectsPath = dir.filePath(QStringLiteral("subjects.csv"));
    QStringList sandboxArgs{QStringLiteral("--port"),
                            QStringLiteral("0"),
                            QStringLiteral("--users"),
                            QString::number(users),
                            QStringLiteral("--quiet"),
                            QStringLiteral("--write-profile"),
                            profilePath};
    if (storeUrl.isEmpty())
        sandboxArgs << QStringLiteral("--write-subjects") << subjectsPath << QStringLiteral("--subjects")
                    << QStringLiteral("10000");
    QProcess sandbox;
    sandbox.start(QStringLiteral(SANDBOX_PATH), sandboxArgs);
    QElapsedTimer startup;
    startup.start();
    if (!sandbox.waitForReadyRead(120000)) {
        out(QStringLiteral("the sandbox did not start: %1")
                .arg(QString::fromLocal8Bit(sandbox.readAllStandardError())));
        return 1;
    }
    out(QStringLiteral("sandbox: %1 users, ready in %2 ms").arg(users).arg(startup.elapsed()));

    QString error;
    const std::optional<ConnectionProfile> profile = ConnectionProfile::load(profilePath, &error);
    if (!profile) {
        out(error);
        return 1;
    }
    std::unique_ptr<Store> store = StoreFactory::open(
        storeUrl.isEmpty() ? QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("store.db")) : storeUrl,
        &error);
    if (!store) {
        out(error);
        return 1;
    }
    Operator op;
    op.name = QStringLiteral("bench");
    SubjectService subjects(*store, op);
    if (storeUrl.isEmpty() &&
        !subjects.applyImport(subjects.planImport(subjectsPath), QStringLiteral("benchmark"), &error)) {
        out(error);
        return 1;
    }
    if (!storeUrl.isEmpty())
        out(QStringLiteral("subject index: %1 (as it is), RSS %2 kB")
                .arg(storeUrl.section(u'@', -1))
                .arg(rssKb()));
    Session session(*profile);
    // Trust Swiftly allows 60 requests a minute and the console keeps to it; the sandbox runs without
    // that limit, and so does curl. Switched off here so both sides measure the same thing.
    if (session.client<TrustSwiftlyClient>())
        session.client<TrustSwiftlyClient>()->setRateLimit(0);
    SearchService search(&subjects);
    search.addDefaultSources(session);
    FederatedSearchModel model(&search);
    int rowsInserted = 0;
    QObject::connect(
        &model, &QAbstractItemModel::rowsInserted, &model,
        [&rowsInserted](const QModelIndex&, int first, int last) { rowsInserted += last - first + 1; });

    // curl needs an SDK.Finance token: one login, outside the timing.
    const QString ca = profile->caFile;
    const QString tsBase = profile->section<TrustSwiftlySettings>()->baseUrl.toString();
    const QString sdkBase = profile->section<SdkFinanceSettings>()->baseUrl.toString();
    QString token;
    {
        QProcess login;
        login.start(
            QStringLiteral("curl"),
            {QStringLiteral("-s"), QStringLiteral("--cacert"), ca, QStringLiteral("-H"),
             QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
             QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("login"),
                                                          profile->section<SdkFinanceSettings>()->login},
                                                         {QStringLiteral("password"),
                                                          profile->section<SdkFinanceSettings>()->password}})
                                   .toJson(QJsonDocument::Compact)),
             sdkBase + QStringLiteral("/authorization")});
        waitUntil([&login] { return login.state() == QProcess::NotRunning; }, 30000);
        token = QJsonDocument::fromJson(login.readAllStandardOutput())
                    .object()
                    .value(QStringLiteral("members"))
                    .toArray()
                    .at(0)
                    .toObject()
                    .value(QStringLiteral("token"))
                    .toObject()
                    .value(QStringLiteral("token"))
                    .toString();
    }

    const int pageSize = 50;
    search.setPageSize(pageSize);
    const QStringList queries{QStringLiteral("silva"), QStringLiteral("kamau"), QStringLiteral("ana"),
                              QStringLiteral("mateo.ivanova"), QStringLiteral("ref-00042")};
    // Warm-up: the console keeps its connections (and the SDK.Finance login) between searches.
    model.setQuery(QStringLiteral("warmup"));
    waitUntil([&search] { return !search.isBusy(); }, 60000);

    QList<double> firstRow, allFirstPages, curlBoth, ratios;
    for (int round = 0; round < repeat; ++round) {
        for (const QString& q : queries) {
            // The sandbox keeps the last query's matches: one untimed curl first puts both sides on the
            // same (cached) footing, so the ratio is the console's own cost against curl's.
            {
                QUrlQuery warm;
                warm.addQueryItem(QStringLiteral("filter[search]"), q);
                std::unique_ptr<QProcess> w(
                    startCurl({QStringLiteral("--cacert"), ca, QStringLiteral("-A"),
                               QStringLiteral("curl-bench"), QStringLiteral("-H"),
                               QStringLiteral("Authorization: Bearer ") +
                                   profile->section<TrustSwiftlySettings>()->apiKey,
                               tsBase + QStringLiteral("/api/users?") + warm.toString(QUrl::FullyEncoded)}));
                waitUntil([&w] { return w->state() == QProcess::NotRunning; }, 60000);
            }
            rowsInserted = 0;
            QElapsedTimer t;
            t.start();
            model.setQuery(q);
            waitUntil([&rowsInserted] { return rowsInserted > 0; }, 60000);
            const double first = t.nsecsElapsed() / 1e6;
            waitUntil([&search] { return !search.isBusy(); }, 60000);
            const double all = t.nsecsElapsed() / 1e6;

            QUrlQuery tsQuery;
            tsQuery.addQueryItem(QStringLiteral("filter[search]"), q);
            tsQuery.addQueryItem(QStringLiteral("per_page"), QString::number(pageSize));
            tsQuery.addQueryItem(QStringLiteral("page"), QStringLiteral("1"));
            std::unique_ptr<QProcess> ts(startCurl(
                {QStringLiteral("--cacert"), ca, QStringLiteral("-A"), QStringLiteral("curl-bench"),
                 QStringLiteral("-H"),
                 QStringLiteral("Authorization: Bearer ") + profile->section<TrustSwiftlySettings>()->apiKey,
                 QStringLiteral("-H"), QStringLiteral("Accept: application/json"),
                 tsBase + QStringLiteral("/api/users?") + tsQuery.toString(QUrl::FullyEncoded)}));
            std::unique_ptr<QProcess> sdk(startCurl(
                {QStringLiteral("--cacert"), ca, QStringLiteral("-H"),
                 QStringLiteral("Content-Type: application/json"), QStringLiteral("-H"),
                 QStringLiteral("Authorization: Bearer ") + token, QStringLiteral("-d"),
                 QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("filter"),
                                                              QJsonObject{{QStringLiteral("text"), q}}},
                                                             {QStringLiteral("pageNumber"), 0},
                                                             {QStringLiteral("pageSize"), pageSize}})
                                       .toJson(QJsonDocument::Compact)),
                 sdkBase + QStringLiteral("/profiles/view")}));
            waitUntil(
                [&] { return ts->state() == QProcess::NotRunning && sdk->state() == QProcess::NotRunning; },
                60000);
            const double curlMs =
                qMax(ts->readAllStandardOutput().toDouble(), sdk->readAllStandardOutput().toDouble()) * 1000;
            firstRow << first;
            allFirstPages << all;
            curlBoth << curlMs;
            ratios << all / curlMs;
            if (round == 0)
                out(QStringLiteral("query %1: first row %2 ms, first page of every source %3 ms, curl (both "
                                   "endpoints at once) %4 ms, %5 rows")
                        .arg(q, -14)
                        .arg(first, 0, 'f', 1)
                        .arg(all, 0, 'f', 1)
                        .arg(curlMs, 0, 'f', 1)
                        .arg(model.rowCount()));
        }
    }
    out(QStringLiteral("median over %1 searches: first row %2 ms; first page of every source %3 ms; curl %4 "
                       "ms; ratio model/curl %5")
            .arg(firstRow.size())
            .arg(median(firstRow), 0, 'f', 1)
            .arg(median(allFirstPages), 0, 'f', 1)
            .arg(median(curlBoth), 0, 'f', 1)
            .arg(median(ratios), 0, 'f', 2));

    if (keystrokeRounds > 0 && !keystrokes(model, search, keystrokeRounds))
        return 1;

    // Paging: 10,000 results through fetchMore (as a view scrolling down would ask for them).
    search.setPageSize(100);
    model.setQuery(QStringLiteral("a"));
    waitUntil([&search] { return !search.isBusy(); }, 60000);
    const qint64 before = rssKb();
    const int rowsBefore = model.rowCount();
    QElapsedTimer paging;
    paging.start();
    while (model.rowCount() < wantedRows && model.canFetchMore(QModelIndex())) {
        model.fetchMore(QModelIndex());
        waitUntil([&search] { return !search.isBusy(); }, 60000);
    }
    const qint64 after = rssKb();
    out(QStringLiteral("paging: %1 -> %2 rows in %3 ms; RSS %4 kB -> %5 kB (%6 bytes per row held)")
            .arg(rowsBefore)
            .arg(model.rowCount())
            .arg(paging.elapsed())
            .arg(before)
            .arg(after)
            .arg(model.rowCount() > rowsBefore
                     ? double(after - before) * 1024 / (model.rowCount() - rowsBefore)
                     : 0,
                 0, 'f', 0));
    // A new query drops what was held.
    model.setQuery(QStringLiteral("kamau"));
    waitUntil([&search] { return !search.isBusy(); }, 60000);
    out(QStringLiteral("after a new query: %1 rows, RSS %2 kB").arg(model.rowCount()).arg(rssKb()));

    sandbox.terminate();
    sandbox.waitForFinished(10000);
    return 0;
}
