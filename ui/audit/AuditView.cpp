// SPDX-License-Identifier: GPL-3.0-or-later
#include "AuditView.h"

#include "domain/DisplayTime.h"
#include "domain/PrintableText.h"
#include "models/AuditModel.h"
#include "store/AuditCsvExporter.h"
#include "widgets/MessageBanner.h"
#include "widgets/ModelTexts.h"
#include "widgets/SaveFileDialog.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QDir>
#include <QEvent>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace {
QString json(const QJsonObject& object)
{
    return object.isEmpty()
               ? QStringLiteral("—")
               : QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed();
}
} // namespace

AuditView::AuditView(AuditLogReader log, QWidget* parent)
    : QWidget(parent)
    , m_log(log)
    , m_model(new AuditModel(log, this))
    , m_operator(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_action(new QLineEdit(this))
    , m_fromEnabled(new QCheckBox(this))
    , m_from(new QDateEdit(this))
    , m_toEnabled(new QCheckBox(this))
    , m_to(new QDateEdit(this))
    , m_apply(new QPushButton(this))
    , m_clear(new QPushButton(this))
    , m_banner(new MessageBanner(this))
    , m_table(new QTableView(this))
    , m_detail(new QPlainTextEdit(this))
    , m_count(new QLabel(this))
    , m_verify(new QPushButton(this))
    , m_export(new QPushButton(this))
{
    setObjectName(QStringLiteral("auditView"));
    const auto setUpField = [](QLineEdit* edit, const char* name) {
        edit->setObjectName(QString::fromLatin1(name));
        edit->setClearButtonEnabled(true);
    };
    setUpField(m_operator, "auditOperatorFilter");
    setUpField(m_user, "auditUserFilter");
    setUpField(m_action, "auditActionFilter");
    m_fromEnabled->setObjectName(QStringLiteral("auditFromEnabled"));
    m_toEnabled->setObjectName(QStringLiteral("auditToEnabled"));
    for (QDateEdit* date : {m_from, m_to}) {
        date->setCalendarPopup(true);
        date->setDate(QDate::currentDate());
        date->setEnabled(false);
    }
    m_from->setObjectName(QStringLiteral("auditFromDate"));
    m_to->setObjectName(QStringLiteral("auditToDate"));
    connect(m_fromEnabled, &QCheckBox::toggled, m_from, &QWidget::setEnabled);
    connect(m_toEnabled, &QCheckBox::toggled, m_to, &QWidget::setEnabled);
    m_apply->setObjectName(QStringLiteral("auditApplyButton"));
    m_clear->setObjectName(QStringLiteral("auditClearButton"));

    m_banner->setObjectName(QStringLiteral("auditBanner"));
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setHighlightSections(false);
    const QList<QPair<int, int>> widths = {
        {AuditModel::SeqColumn, 50},   {AuditModel::TimeColumn, 165},   {AuditModel::OperatorColumn, 100},
        {AuditModel::RoleColumn, 85},  {AuditModel::EventColumn, 110},  {AuditModel::ActionColumn, 170},
        {AuditModel::UserColumn, 110}, {AuditModel::ReasonColumn, 220}, {AuditModel::OutcomeColumn, 130}};
    for (const auto& [column, width] : widths)
        m_table->horizontalHeader()->resizeSection(column, width);
    m_table->horizontalHeader()->setSectionResizeMode(AuditModel::ReasonColumn, QHeaderView::Stretch);
    m_detail->setObjectName(QStringLiteral("auditDetail"));
    m_detail->setReadOnly(true);
    m_detail->setTabChangesFocus(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_count->setObjectName(QStringLiteral("auditCount"));
    m_verify->setObjectName(QStringLiteral("auditVerifyButton"));
    m_export->setObjectName(QStringLiteral("auditExportButton"));

    auto* filters = new QGridLayout;
    const auto label = [this](const char* name, QWidget* buddy) {
        auto* l = new QLabel(this);
        l->setObjectName(QString::fromLatin1(name));
        l->setBuddy(buddy);
        return l;
    };
    filters->addWidget(label("auditOperatorLabel", m_operator), 0, 0);
    filters->addWidget(m_operator, 0, 1);
    filters->addWidget(label("auditUserLabel", m_user), 0, 2);
    filters->addWidget(m_user, 0, 3);
    filters->addWidget(label("auditActionLabel", m_action), 0, 4);
    filters->addWidget(m_action, 0, 5);
    filters->addWidget(m_fromEnabled, 1, 0);
    filters->addWidget(m_from, 1, 1);
    filters->addWidget(m_toEnabled, 1, 2);
    filters->addWidget(m_to, 1, 3);
    auto* filterButtons = new QHBoxLayout;
    filterButtons->addStretch(1);
    filterButtons->addWidget(m_apply);
    filterButtons->addWidget(m_clear);
    filters->addLayout(filterButtons, 1, 4, 1, 2);
    filters->setColumnStretch(1, 1);
    filters->setColumnStretch(3, 1);
    filters->setColumnStretch(5, 1);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("auditSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_count, 1);
    bottom->addWidget(m_verify);
    bottom->addWidget(m_export);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    layout->addLayout(bottom);

    for (QLineEdit* edit : {m_operator, m_user, m_action})
        connect(edit, &QLineEdit::returnPressed, this, &AuditView::applyFilter);
    connect(m_apply, &QPushButton::clicked, this, &AuditView::applyFilter);
    connect(m_clear, &QPushButton::clicked, this, &AuditView::clearFilter);
    connect(m_verify, &QPushButton::clicked, this, &AuditView::verifyChain);
    connect(m_export, &QPushButton::clicked, this, &AuditView::exportCsv);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AuditView::showCurrentEntry);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AuditView::showCurrentEntry);
    retranslateUi();
}

void AuditView::retranslateUi()
{
    setAccessibleName(tr("Audit log"));
    const auto setUpField = [](QLineEdit* edit, const QString& accessible, const QString& hint) {
        edit->setAccessibleName(accessible);
        edit->setPlaceholderText(hint);
    };
    setUpField(m_operator, tr("Operator filter"), tr("any operator"));
    setUpField(m_user, tr("User filter"), tr("any user id"));
    setUpField(m_action, tr("Action filter"), tr("e.g. is_fraudulent"));
    const auto label = [this](const char* name, const QString& text) {
        if (auto* l = findChild<QLabel*>(QString::fromLatin1(name)))
            l->setText(text);
    };
    label("auditOperatorLabel", tr("&Operator:"));
    label("auditUserLabel", tr("&User:"));
    label("auditActionLabel", tr("&Action contains:"));
    m_fromEnabled->setText(tr("Fro&m:"));
    m_fromEnabled->setAccessibleName(tr("Filter from a date"));
    m_toEnabled->setText(tr("&To:"));
    m_toEnabled->setAccessibleName(tr("Filter up to a date"));
    m_from->setAccessibleName(tr("From date"));
    m_to->setAccessibleName(tr("To date (inclusive)"));
    // The dates in the language's own short form (DisplayTime's), after a switch too.
    for (QDateEdit* date : {m_from, m_to}) {
        date->setLocale(QLocale());
        date->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));
    }
    m_apply->setText(tr("Appl&y filter"));
    m_apply->setAccessibleName(tr("Apply filter"));
    m_apply->setToolTip(
        tr("Show the entries that match every filled-in field (Enter in a field does the same)."));
    m_clear->setText(tr("C&lear"));
    m_clear->setAccessibleName(tr("Clear the filter"));
    m_table->setAccessibleName(tr("Audit entries"));
    m_detail->setAccessibleName(tr("Selected audit entry"));
    m_detail->setPlaceholderText(
        tr("Select an entry to see all of it: the request, the state before and after, "
           "and its place in the hash chain."));
    m_verify->setText(tr("Verify c&hain"));
    m_verify->setAccessibleName(tr("Verify chain"));
    m_verify->setToolTip(
        tr("Recompute every entry's hash and its link to the one before: proves the log has not "
           "been altered."));
    m_export->setText(tr("&Export CSV…"));
    m_export->setAccessibleName(tr("Export CSV"));
    updateCount();
}

void AuditView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        // The headers, the count line and the selected entry's lines in the new language.
        ModelTexts::reread(m_model);
        showCurrentEntry();
    }
    QWidget::changeEvent(event);
}

void AuditView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

void AuditView::markStale()
{
    m_stale = true;
    if (isVisible())
        refresh();
}

bool AuditView::refresh()
{
    m_stale = false;
    const bool ok = m_model->refresh();
    if (!ok)
        m_banner->showMessage(MessageBanner::Level::Error,
                              tr("The audit log could not be read: %1").arg(m_model->lastError()));
    updateCount();
    return ok;
}

void AuditView::updateCount()
{
    m_count->setText(tr("Entries shown: %1 (newest first)").arg(QLocale().toString(m_model->rowCount())));
    m_export->setEnabled(m_model->rowCount() > 0);
    m_export->setToolTip(m_model->rowCount() > 0
                             ? tr("Save the entries shown as a CSV file for spreadsheets.")
                             : tr("No entries to export: change the filter."));
}

void AuditView::applyFilter()
{
    AuditFilter filter;
    filter.operatorName = m_operator->text().trimmed();
    filter.subjectId = m_user->text().trimmed();
    filter.action = m_action->text().trimmed();
    if (m_fromEnabled->isChecked())
        filter.from = QDateTime(m_from->date(), QTime(0, 0)).toUTC();
    if (m_toEnabled->isChecked())
        filter.to = QDateTime(m_to->date(), QTime(23, 59, 59, 999)).toUTC();
    m_model->setFilter(filter);
    m_banner->hide();
    refresh();
}

void AuditView::clearFilter()
{
    m_operator->clear();
    m_user->clear();
    m_action->clear();
    m_fromEnabled->setChecked(false);
    m_toEnabled->setChecked(false);
    applyFilter();
}

void AuditView::showCurrentEntry()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const AuditEntry e = m_model->itemAt(current);
    QStringList lines;
    lines << tr("Entry #%1 at %2 by %3 (%4)")
                 .arg(e.seq)
                 .arg(DisplayTime::format(e.time), e.operatorName, e.role);
    lines << tr("Event: %1   Action: %2   Provider: %3").arg(e.event, e.action, e.provider);
    if (e.actionId > 0)
        lines << tr("Action id: #%1").arg(e.actionId);
    if (!e.subjectIds.isEmpty())
        lines << tr("Users: %1").arg(e.subjectIds.join(QStringLiteral(", ")));
    lines
        << tr("Reason: %1").arg(e.reason.isEmpty() ? QStringLiteral("—") : PrintableText::escaped(e.reason));
    lines << tr("Outcome: %1").arg(e.outcome.isEmpty() ? QStringLiteral("—") : e.outcome);
    lines << tr("Request: %1").arg(json(e.requestSummary));
    lines << tr("Before: %1").arg(json(e.before));
    lines << tr("After: %1").arg(json(e.after));
    lines << tr("Hash: %1").arg(QString::fromLatin1(e.hash));
    lines << tr("Previous hash: %1").arg(QString::fromLatin1(e.prevHash));
    m_detail->setPlainText(lines.join(QLatin1Char('\n')));
}

void AuditView::exportCsv()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested =
        QDir(folder).filePath(QStringLiteral("identitydesk-audit-%1.csv")
                                  .arg(QDate::currentDate().toString(QStringLiteral("yyyy-MM-dd"))));
    SaveFileDialog::ask(this, tr("Export the audit log"), suggested, tr("CSV files (*.csv)"), this,
                        [this](const QString& path) { writeCsv(path); });
}

void AuditView::writeCsv(const QString& path)
{
    QList<AuditEntry> entries = m_model->entries();
    std::reverse(entries.begin(), entries.end()); // the file reads like the log: oldest first
    QString error;
    if (!AuditCsvExporter::writeFile(entries, path, &error)) {
        m_banner->showMessage(MessageBanner::Level::Error, tr("The export failed: %1").arg(error));
        return;
    }
    m_banner->showMessage(MessageBanner::Level::Success, tr("Exported %1 entries to %2.")
                                                             .arg(QLocale().toString(entries.size()))
                                                             .arg(QDir::toNativeSeparators(path)));
}

void AuditView::verifyChain()
{
    const AuditVerification result = m_log.verify();
    if (result.ok)
        m_banner->showMessage(MessageBanner::Level::Success,
                              tr("Chain verified: %1 entries. Every hash and every link is intact.")
                                  .arg(QLocale().toString(result.entries)));
    else
        m_banner->showMessage(
            MessageBanner::Level::Error,
            tr("Broken at entry %1: %2. The log has been altered or damaged from that entry on; "
               "keep a copy of the store and tell your security team.")
                .arg(result.firstBrokenSeq)
                .arg(result.problem));
}
