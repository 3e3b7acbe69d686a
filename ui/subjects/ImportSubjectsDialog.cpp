// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportSubjectsDialog.h"

#include "services/SubjectImportJob.h"
#include "widgets/MessageBanner.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <limits>

namespace {
QString kindText(SubjectImportReport::Row::Kind kind)
{
    using Kind = SubjectImportReport::Row::Kind;
    switch (kind) {
    case Kind::New:
        return ImportSubjectsDialog::tr("new");
    case Kind::Changed:
        return ImportSubjectsDialog::tr("changed");
    case Kind::Unchanged:
        return ImportSubjectsDialog::tr("unchanged");
    case Kind::Conflicting:
        return ImportSubjectsDialog::tr("conflicting");
    case Kind::Bad:
        return ImportSubjectsDialog::tr("bad");
    }
    return QString();
}

/// Rows the table lists at most (problems first): the rest are counted in the summary. A table of a
/// million items would take seconds and gigabytes to build, on the GUI thread.
constexpr int kShownRows = 1000;
} // namespace

ImportSubjectsDialog::ImportSubjectsDialog(SubjectImportJob* job, const QString& filePath, QWidget* parent)
    : QDialog(parent)
    , m_job(job)
    , m_summary(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_table(new QTableWidget(this))
    , m_reason(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_import(new QPushButton(tr("&Import"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    setObjectName(QStringLiteral("importSubjectsDialog"));
    m_job->setParent(this);
    setWindowTitle(tr("Import subjects — %1").arg(QFileInfo(filePath).fileName()));
    resize(760, 460);
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setText(tr("Checking %1…").arg(filePath));
    m_summary->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Info));
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setAccessibleName(tr("Progress"));
    m_progress->setRange(0, 0); // busy until the first rows are counted

    m_table->setObjectName(QStringLiteral("importRows"));
    m_table->setAccessibleName(tr("Rows of the file"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("Line"), tr("Result"), tr("Subject"), tr("Problems / ids")});
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_reason->setObjectName(QStringLiteral("importReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setPlaceholderText(tr("why the index changes (audited)"));
    m_error->setObjectName(QStringLiteral("importError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Error));
    m_error->hide();
    m_import->setObjectName(QStringLiteral("importConfirm"));
    m_cancel->setObjectName(QStringLiteral("importCancel"));
    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_import, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancel, QDialogButtonBox::RejectRole);

    auto* form = new QFormLayout;
    form->addRow(tr("&Reason:"), m_reason);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_progress);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(m_reason, &QLineEdit::textChanged, this, &ImportSubjectsDialog::updateWidgets);
    connect(m_import, &QPushButton::clicked, this, &ImportSubjectsDialog::apply);
    connect(m_cancel, &QPushButton::clicked, this, &ImportSubjectsDialog::cancelOrClose);
    connect(m_job, &SubjectImportJob::progress, this, &ImportSubjectsDialog::showProgress);
    connect(m_job, &SubjectImportJob::planned, this, &ImportSubjectsDialog::showReport);
    connect(m_job, &SubjectImportJob::applied, this, &ImportSubjectsDialog::onApplied);
    m_reason->setFocus();
    m_job->plan(filePath);
    updateWidgets();
}

ImportSubjectsDialog::~ImportSubjectsDialog() = default; // m_job (a child) cancels and waits

QString ImportSubjectsDialog::summaryText() const
{
    return m_summary->text();
}

QString ImportSubjectsDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

bool ImportSubjectsDialog::isWorking() const
{
    return m_job->isBusy();
}

void ImportSubjectsDialog::cancelOrClose()
{
    if (!m_job->isBusy()) {
        QDialog::reject();
        return;
    }
    // The dialog stays: planned() or applied() says that the work stopped and nothing was written.
    m_job->cancel();
    updateWidgets();
}

void ImportSubjectsDialog::reject()
{
    if (!m_job->isBusy()) {
        QDialog::reject();
        return;
    }
    // Never closed under running work: it stops (rolling back), then planned()/applied() close it.
    m_closeWhenStopped = true;
    m_job->cancel();
    updateWidgets();
}

void ImportSubjectsDialog::showProgress(qint64 done, qint64 total)
{
    const bool writing = m_job->phase() == SubjectImportJob::Phase::Writing;
    const QLocale locale;
    m_progress->setFormat(
        writing ? tr("Writing subjects: %1 of %2").arg(locale.toString(done), locale.toString(total))
                : tr("Checking rows: %1 of %2").arg(locale.toString(done), locale.toString(total)));
    m_progress->setRange(0, int(qMin<qint64>(total, std::numeric_limits<int>::max())));
    m_progress->setValue(int(qMin<qint64>(done, m_progress->maximum())));
}

void ImportSubjectsDialog::showReport()
{
    using Kind = SubjectImportReport::Row::Kind;
    if (m_closeWhenStopped) {
        QDialog::reject();
        return;
    }
    const SubjectImportReport& report = m_job->report();
    m_progress->hide();
    if (!report.fileProblem.isEmpty()) {
        m_summary->setText(report.fileProblem);
    } else {
        QString text = tr("Dry run of %1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad.")
                           .arg(report.fileName)
                           .arg(report.count(Kind::New))
                           .arg(report.count(Kind::Changed))
                           .arg(report.count(Kind::Unchanged))
                           .arg(report.count(Kind::Conflicting))
                           .arg(report.count(Kind::Bad));
        if (!report.isImportable())
            text += u' ' + tr("Nothing can be imported until every bad or conflicting line is fixed.");
        int rowCount = 0;
        for (const int n : report.counts)
            rowCount += n;
        if (rowCount > kShownRows)
            text += u' ' +
                    tr("The first %1 rows are listed, problems first.").arg(QLocale().toString(kShownRows));
        m_summary->setText(text);
    }
    m_summary->setStyleSheet(MessageBanner::labelStyleSheet(
        report.isImportable() ? MessageBanner::Level::Info : MessageBanner::Level::Error));
    // Problems first: the officer has to fix those.
    const auto bad = [](Kind k) {
        return k == Kind::Bad || k == Kind::Conflicting;
    };
    QList<const SubjectImportReport::Row*> rows;
    for (const SubjectImportReport::Row& r : report.rows) {
        if (rows.size() < kShownRows && bad(r.kind))
            rows << &r;
    }
    for (const SubjectImportReport::Row& r : report.rows) {
        if (rows.size() < kShownRows && !bad(r.kind))
            rows << &r;
    }
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        const SubjectImportReport::Row& r = *rows.at(i);
        QStringList ids;
        for (auto it = r.subject.ids.cbegin(); it != r.subject.ids.cend(); ++it)
            ids << it.key() + u':' + it.value();
        m_table->setItem(i, 0, new QTableWidgetItem(QString::number(r.line)));
        m_table->setItem(i, 1, new QTableWidgetItem(kindText(r.kind)));
        m_table->setItem(i, 2, new QTableWidgetItem(r.subject.reference));
        m_table->setItem(i, 3,
                         new QTableWidgetItem(r.problems.isEmpty() ? ids.join(QStringLiteral(", "))
                                                                   : r.problems.join(QStringLiteral(" "))));
    }
    m_table->resizeColumnsToContents();
    updateWidgets();
}

void ImportSubjectsDialog::updateWidgets()
{
    const bool working = m_job->isBusy();
    const bool planned = !working && !m_job->report().fileName.isEmpty();
    const bool importable = planned && m_job->report().isImportable();
    QString why;
    if (working)
        why = m_job->phase() == SubjectImportJob::Phase::Writing ? tr("The import is running.")
                                                                 : tr("The file is being checked.");
    else if (!importable)
        why = tr("The file has bad or conflicting lines; fix them and import again.");
    else if (m_reason->text().trimmed().isEmpty())
        why = tr("Enter a reason.");
    m_import->setEnabled(why.isEmpty());
    m_import->setToolTip(why);
    m_reason->setEnabled(importable);
    m_cancel->setEnabled(!m_job->isCancelling());
    m_cancel->setText(m_job->isCancelling() ? tr("Cancelling…") : tr("Cancel"));
    m_cancel->setToolTip(working ? tr("Stop: nothing is written.") : QString());
}

void ImportSubjectsDialog::apply()
{
    if (!m_job->apply(m_reason->text().trimmed()))
        return;
    m_error->hide();
    m_progress->setRange(0, 0);
    m_progress->setFormat(QString());
    m_progress->show();
    updateWidgets();
}

void ImportSubjectsDialog::onApplied(bool ok, const QString& error)
{
    using Kind = SubjectImportReport::Row::Kind;
    m_progress->hide();
    if (ok) {
        const SubjectImportReport& report = m_job->report();
        emit imported(report.count(Kind::New) + report.count(Kind::Changed));
        accept();
        return;
    }
    if (m_closeWhenStopped) {
        QDialog::reject();
        return;
    }
    m_error->setText(error);
    m_error->show();
    updateWidgets();
}
