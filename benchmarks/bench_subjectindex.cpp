// SPDX-License-Identifier: GPL-3.0-or-later
// bench_subjectindex (issue 34): the subject index at scale, on SQLite or PostgreSQL.
//   bench_subjectindex import --store URL --subjects N [--csv FILE] [--skip-dry-run] [--progress S]
//       writes a subjects CSV of N people (the sandbox population's names and phones; beyond its
//       1,000,000 the names repeat with new references, e-mails and ids), then times the dry run
//       (SubjectService::planImport) and the import (applyImport) and prints the rates and the
//       store's size per subject; --skip-dry-run leaves out the dry run of its own (the import's
//       plan is timed as before), --progress S tells on stderr, every S seconds, the rows checked
//       or written so far (for a long import that may have to be stopped);
//   bench_subjectindex query --store URL --subjects N [--queries Q] [--show-slow MS] [--dump FILE]
//       in a fresh process, Q queries of every kind (name words, accented and not, references,
//       e-mails, phone digits, exact provider ids, one letter, and queries that match nobody),
//       each findSubjects(text, 0, 50) timed; prints p50, p99 and max (all and no-match only), the
//       second page's p99, and this process's RSS (the console's memory does not grow with N).
// Output: "key value" lines (benchmarks/run reads them).
#include "Population.h"
#include "services/SubjectService.h"
#include "store/SqlStore.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

namespace {
void print(const char* key, double value)
{
    std::printf("%s %.3f\n", key, value);
    std::fflush(stdout);
}

qint64 rssKib()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

Operator benchOperator()
{
    Operator op;
    op.name = QStringLiteral("bench");
    op.role = Role::Supervisor;
    return op;
}

QString referenceFor(quint32 i)
{
    return QStringLiteral("CUST-%1").arg(i, 8, 10, QLatin1Char('0'));
}

bool writeCsv(const QString& path, quint32 n)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    const Population population(qMin(n, Population::kMaxUsers), 1, {QStringLiteral("flow_MzA")});
    QByteArray out = "subject,email,smileid,trustswiftly,name,phone\n";
    for (quint32 i = 1; i <= n; ++i) {
        const PopulationUser u = population.user((i - 1) % population.size() + 1);
        // Beyond the population, the same names with e-mails of their own.
        const QString email = i <= population.size() ? u.email : QStringLiteral("x%1.%2").arg(i).arg(u.email);
        out += referenceFor(i).toUtf8() + ',' + email.toUtf8() + ",REF-" + QByteArray::number(i) + ',' +
               QByteArray::number(i) + ',' + (u.firstName + u' ' + u.lastName).toUtf8() + ',' +
               u.phone.toUtf8() + '\n';
        if (out.size() > (1 << 20)) {
            file.write(out);
            out.clear();
        }
    }
    file.write(out);
    return file.flush();
}

/// Bytes the store takes: the SQLite file (and its WAL), or PostgreSQL's tables of the index.
qint64 storeBytes(const QString& url)
{
    if (url.startsWith(QLatin1String("sqlite:"))) {
        const QString path = url.mid(7);
        return QFileInfo(path).size() + QFileInfo(path + QStringLiteral("-wal")).size();
    }
    const QUrl u(url);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("bench-size"));
    db.setHostName(u.host());
    db.setPort(u.port(5432));
    db.setDatabaseName(u.path().mid(1));
    db.setUserName(u.userName());
    db.setPassword(u.password());
    qint64 bytes = -1;
    if (db.open()) {
        QSqlQuery q(db);
        if (q.exec(QStringLiteral(
                "SELECT pg_total_relation_size('subjects') + pg_total_relation_size('subject_links')"
                " + pg_total_relation_size('subject_terms')")) &&
            q.next())
            bytes = q.value(0).toLongLong();
    }
    return bytes;
}

/// A SubjectService::Progress that prints "progress PHASE DONE TOTAL SECONDS RATE" on stderr at most
/// every `everyS` seconds (never when everyS is 0).
SubjectService::Progress progressPrinter(const char* phase, double everyS)
{
    if (everyS <= 0)
        return {};
    auto clock = std::make_shared<QElapsedTimer>();
    auto last = std::make_shared<double>(0);
    clock->start();
    return [phase, everyS, clock, last](qint64 done, qint64 total) {
        const double s = double(clock->nsecsElapsed()) / 1e9;
        if (s - *last >= everyS || (total > 0 && done == total)) {
            *last = s;
            std::fprintf(stderr, "progress %s %lld %lld %.1f %.0f\n", phase, static_cast<long long>(done),
                         static_cast<long long>(total), s, s > 0 ? double(done) / s : 0.0);
            std::fflush(stderr);
        }
        return true;
    };
}

int runImport(const QString& url, quint32 n, QString csvPath, bool skipDryRun, double progressS)
{
    QTemporaryDir dir;
    if (csvPath.isEmpty())
        csvPath = dir.filePath(QStringLiteral("subjects.csv"));
    if (!QFileInfo::exists(csvPath)) {
        QElapsedTimer csvTime;
        csvTime.start();
        if (!writeCsv(csvPath, n)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(csvPath));
            return 1;
        }
        if (progressS > 0)
            std::fprintf(stderr, "progress csv %u %u %.1f\n", n, n, double(csvTime.nsecsElapsed()) / 1e9);
    }
    QString error;
    std::unique_ptr<Store> store = StoreFactory::open(url, &error);
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    SubjectService subjects(*store, benchOperator());
    QElapsedTimer t;
    double dryS = 0;
    if (!skipDryRun) {
        t.start();
        SubjectImportReport dry = subjects.planImport(csvPath, progressPrinter("dry_run", progressS));
        dryS = double(t.nsecsElapsed()) / 1e9;
        if (!dry.isImportable()) {
            std::fprintf(stderr, "not importable: %s\n", qPrintable(dry.fileProblem));
            return 1;
        }
    } // the dry run's report is not held beside the import's
    t.start();
    const SubjectImportReport report = subjects.planImport(csvPath, progressPrinter("plan", progressS));
    const double planS = double(t.nsecsElapsed()) / 1e9;
    if (!report.isImportable()) {
        std::fprintf(stderr, "not importable: %s\n", qPrintable(report.fileProblem));
        return 1;
    }
    QElapsedTimer w;
    w.start();
    if (!subjects.applyImport(report, QStringLiteral("benchmark"), &error,
                              progressPrinter("write", progressS))) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const double writeS = double(w.nsecsElapsed()) / 1e9;
    const double importS = planS + writeS;
    print("subjects", n);
    if (!skipDryRun) {
        print("dry_run_s", dryS);
        print("dry_run_per_s", n / dryS);
    }
    print("plan_s", planS);
    print("plan_per_s", n / planS);
    print("import_s", importS);
    print("import_write_s", writeS);
    print("import_per_s", n / importS);
    const qint64 bytes = storeBytes(url);
    print("store_bytes", double(bytes));
    print("bytes_per_subject", double(bytes) / n);
    print("import_rss_kib", double(rssKib()));
    return 0;
}

int runQueries(const QString& url, quint32 n, int count, double slowMs, const QString& dumpPath)
{
    QString error;
    std::unique_ptr<Store> store = StoreFactory::open(url, &error);
    if (!store) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    const qint64 rssBefore = rssKib();
    const Population population(qMin(n, Population::kMaxUsers), 1, {QStringLiteral("flow_MzA")});
    struct Query
    {
        QString text;
        bool noMatch = false;
    };
    std::vector<Query> queries;
    quint64 x = 88172645463325252ULL; // xorshift: the same queries every run
    const auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    const QStringList noMatch{QStringLiteral("zz"),
                              QStringLiteral("john.smith99"),
                              QStringLiteral("qxqxq"),
                              QStringLiteral("cust-9999999999"),
                              QStringLiteral("+00 0000 0000 0"),
                              QStringLiteral("zzyzx@nowhere")};
    for (int i = 0; i < count; ++i) {
        const quint32 id = quint32(next() % n) + 1;
        const PopulationUser u = population.user((id - 1) % population.size() + 1);
        switch (i % 10) {
        case 0:
            queries.push_back({u.lastName.left(3)});
            break;
        case 1:
            queries.push_back({u.firstName}); // accented as written ("João")
            break;
        case 2:
            queries.push_back({u.firstName.toUpper().normalized(QString::NormalizationForm_KD).left(4)});
            break;
        case 3:
            queries.push_back({referenceFor(id)});
            break;
        case 4:
            queries.push_back({referenceFor(id).left(9)});
            break;
        case 5:
            queries.push_back({u.firstName.toLower() + u'.'});
            break;
        case 6:
            queries.push_back({u.phone.left(8)});
            break;
        case 7:
            queries.push_back({QString::number(id)}); // an exact Trust Swiftly id
            break;
        case 8:
            queries.push_back({QString(QChar(u'a' + int(next() % 26)))});
            break;
        default:
            queries.push_back({noMatch.at(int(next() % noMatch.size())), true});
        }
    }
    std::vector<double> all;
    std::vector<double> none;
    std::vector<double> second;
    int noMatchFound = 0;
    QFile dump(dumpPath);
    if (!dumpPath.isEmpty() && !dump.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(dumpPath));
        return 1;
    }
    for (const Query& q : queries) {
        QElapsedTimer t;
        t.start();
        const std::optional<QList<Subject>> found = store->findSubjects(q.text, 0, 50, &error);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (!found) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        all.push_back(ms);
        if (dump.isOpen()) {
            QStringList references;
            for (const Subject& found1 : *found)
                references << found1.reference;
            dump.write((q.text + QStringLiteral("\t") + references.join(u' ') + u'\n').toUtf8());
        }
        if (slowMs > 0 && ms >= slowMs)
            std::fprintf(stderr, "slow %.2f ms: %s (%d found)\n", ms, qPrintable(q.text), int(found->size()));
        if (q.noMatch) {
            none.push_back(ms);
            noMatchFound += int(found->size());
        }
        if (found->size() == 50) {
            t.restart();
            store->findSubjects(q.text, 50, 50, &error);
            second.push_back(double(t.nsecsElapsed()) / 1e6);
        }
    }
    const auto pct = [](std::vector<double> v, double p) {
        if (v.empty())
            return 0.0;
        std::sort(v.begin(), v.end());
        return v.at(std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5)));
    };
    print("queries", double(all.size()));
    print("query_p50_ms", pct(all, 0.5));
    print("query_p99_ms", pct(all, 0.99));
    print("query_max_ms", pct(all, 1.0));
    print("nomatch_p99_ms", pct(none, 0.99));
    print("nomatch_found", noMatchFound);
    print("page2_p99_ms", pct(second, 0.99));
    print("rss_open_kib", double(rssBefore));
    print("rss_kib", double(rssKib()));
    return 0;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("mode"), QStringLiteral("import or query"));
    parser.addOptions(
        {{QStringLiteral("store"), QStringLiteral("Store URL."), QStringLiteral("URL")},
         {QStringLiteral("subjects"), QStringLiteral("People."), QStringLiteral("N"),
          QStringLiteral("100000")},
         {QStringLiteral("csv"), QStringLiteral("CSV file (written when missing)."), QStringLiteral("FILE")},
         {QStringLiteral("queries"), QStringLiteral("Queries."), QStringLiteral("Q"), QStringLiteral("2000")},
         {QStringLiteral("show-slow"), QStringLiteral("Print each query slower than MS on stderr."),
          QStringLiteral("MS"), QStringLiteral("0")},
         {QStringLiteral("dump"), QStringLiteral("Write each query and the references found to FILE."),
          QStringLiteral("FILE")},
         {QStringLiteral("skip-dry-run"), QStringLiteral("Import without a dry run of its own first.")},
         {QStringLiteral("progress"), QStringLiteral("Tell the import's progress on stderr every S seconds."),
          QStringLiteral("S"), QStringLiteral("0")}});
    parser.process(app);
    const QString mode = parser.positionalArguments().value(0);
    const quint32 n = parser.value(QStringLiteral("subjects")).toUInt();
    if (n == 0 || !parser.isSet(QStringLiteral("store"))) {
        std::fprintf(stderr, "usage: bench_subjectindex import|query --store URL --subjects N\n");
        return 2;
    }
    if (mode == QLatin1String("import"))
        return runImport(parser.value(QStringLiteral("store")), n, parser.value(QStringLiteral("csv")),
                         parser.isSet(QStringLiteral("skip-dry-run")),
                         parser.value(QStringLiteral("progress")).toDouble());
    if (mode == QLatin1String("query"))
        return runQueries(
            parser.value(QStringLiteral("store")), n, parser.value(QStringLiteral("queries")).toInt(),
            parser.value(QStringLiteral("show-slow")).toDouble(), parser.value(QStringLiteral("dump")));
    std::fprintf(stderr, "usage: bench_subjectindex import|query --store URL --subjects N\n");
    return 2;
}
