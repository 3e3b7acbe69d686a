// SPDX-License-Identifier: GPL-3.0-or-later
// The subjects CSV importer (docs/architecture.md section 6) fed arbitrary bytes, planned against a real
// SQLite store that already holds one subject: every rejected file or row must say why and where, an
// importable plan must be consistent, and nothing may be written by the plan (the dry run).
#include "domain/Operator.h"
#include "services/SubjectService.h"
#include "store/Store.h"
#include "store/StoreFactory.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <cstdint>
#include <cstdlib>
#include <memory>

namespace {
struct Fixture
{
    QTemporaryDir dir;
    std::unique_ptr<Store> store;
    std::unique_ptr<SubjectService> subjects;

    Fixture()
    {
        QString error;
        store = StoreFactory::open(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("fuzz.sqlite")),
                                   &error);
        if (!store)
            std::abort();
        Operator op;
        op.name = QStringLiteral("fuzzer");
        op.role = Role::Supervisor;
        subjects = std::make_unique<SubjectService>(*store, op);
        if (!subjects->link(QStringLiteral("CUST-1"), QStringLiteral("trustswiftly"), QStringLiteral("7"),
                            QStringLiteral("seed"), &error))
            std::abort();
    }
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static int argc = 1;
    static char name[] = "fuzz_subjectscsv";
    static char* argv[] = {name, nullptr};
    static QCoreApplication app(argc, argv);
    static Fixture fixture;

    const QByteArray csv(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const SubjectImportReport report = fixture.subjects->planImport(csv, QStringLiteral("fuzz.csv"));
    if (!report.fileProblem.isEmpty() && !report.rows.isEmpty())
        std::abort(); // an unusable file has no rows
    int lastLine = 1; // the header
    for (const SubjectImportReport::Row& row : report.rows) {
        if (row.line <= lastLine)
            std::abort(); // rows are in file order, each after the header
        lastLine = row.line;
        const bool refused = row.kind == SubjectImportReport::Row::Kind::Bad ||
                             row.kind == SubjectImportReport::Row::Kind::Conflicting;
        if (refused && row.problems.isEmpty())
            std::abort(); // a refused row always says why
    }
    QString error;
    const auto stored = fixture.store->findSubjects(QString(), 0, 10, &error);
    if (!stored || stored->size() != 1)
        std::abort(); // planning never writes
    return 0;
}
