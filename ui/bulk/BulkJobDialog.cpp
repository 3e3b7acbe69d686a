// SPDX-License-Identifier: GPL-3.0-or-later
#include "BulkJobDialog.h"

#include "providers/ProviderRegistry.h"

#include "dialogs/ProductionConfirmation.h"
#include "models/FederatedSearchModel.h"
#include "widgets/MessageBanner.h"

#include "services/ActionService.h"
#include "services/BulkCsvParser.h"
#include "services/BulkDryRun.h"
#include "services/BulkJobService.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
enum PreviewColumn
{
    LineColumn,
    ProviderColumn,
    ActionColumn,
    UserColumn,
    StatusColumn,
    DetailColumn,
    PreviewColumnCount
};
} // namespace

BulkJobDialog::BulkJobDialog(BulkJobService* jobs, QWidget* parent)
    : QDialog(parent)
    , m_jobs(jobs)
    , m_production(new QLabel(this))
    , m_open(new QPushButton(this))
    , m_source(new QLabel(this))
    , m_action(new QComboBox(this))
    , m_params(new QLineEdit(this))
    , m_reason(new QLineEdit(this))
    , m_checkButton(new QPushButton(this))
    , m_preview(new QTableWidget(0, PreviewColumnCount, this))
    , m_invalidOnly(new QCheckBox(this))
    , m_summary(new QLabel(this))
    , m_submit(new QPushButton(this))
    , m_close(new QPushButton(this))
    , m_form(new QFormLayout)
{
    setObjectName(QStringLiteral("bulkJobDialog"));
    m_production->setObjectName(QStringLiteral("bulkProduction"));
    m_production->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Error));
    m_production->setWordWrap(true);
    m_production->hide();
    m_open->setObjectName(QStringLiteral("openCsv"));
    m_action->setObjectName(QStringLiteral("bulkAction"));
    m_params->setObjectName(QStringLiteral("bulkParams"));
    m_reason->setObjectName(QStringLiteral("bulkReason"));
    m_checkButton->setObjectName(QStringLiteral("checkRows"));
    m_preview->setObjectName(QStringLiteral("bulkPreview"));
    m_invalidOnly->setObjectName(QStringLiteral("invalidOnly"));
    m_summary->setObjectName(QStringLiteral("bulkSummary"));
    m_submit->setObjectName(QStringLiteral("submitJob"));
    m_summary->setWordWrap(true);
    m_preview->horizontalHeader()->setStretchLastSection(true);
    m_preview->verticalHeader()->hide();
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Actions for rows from the search table: provider is the table's, params as in the CSV file.
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        for (const BulkActionChoice& choice : module->bulkActions())
            m_action->addItem(QString(), module->key() + u'/' + choice.action);
    }

    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(m_open);
    fileRow->addWidget(m_source, 1);
    m_fileLabel = new QLabel(this);
    m_form->addRow(m_fileLabel, fileRow);
    for (QWidget* field : std::initializer_list<QWidget*>{m_action, m_params, m_reason}) {
        auto* label = new QLabel(this);
        label->setBuddy(field);
        m_form->addRow(label, field);
    }
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_checkButton);
    buttons->addWidget(m_invalidOnly);
    buttons->addStretch();
    buttons->addWidget(m_submit);
    buttons->addWidget(m_close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_production);
    layout->addLayout(m_form);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_summary);
    layout->addLayout(buttons);
    resize(900, 560);

    connect(m_open, &QPushButton::clicked, this, &BulkJobDialog::openFile);
    connect(m_checkButton, &QPushButton::clicked, this, &BulkJobDialog::checkSelection);
    connect(m_submit, &QPushButton::clicked, this, &BulkJobDialog::submit);
    connect(m_invalidOnly, &QCheckBox::toggled, this, &BulkJobDialog::applyInvalidOnly);
    connect(m_close, &QPushButton::clicked, this, &QDialog::close);
    connect(m_reason, &QLineEdit::textChanged, this, [this] {
        if (!m_selectedUsers.isEmpty())
            m_checked = false;
        updateWidgets();
    });
    connect(m_params, &QLineEdit::textChanged, this, [this] {
        m_checked = false;
        updateWidgets();
    });
    retranslateUi();
}

void BulkJobDialog::retranslateUi()
{
    setWindowTitle(tr("New bulk job"));
    m_open->setText(tr("&Open CSV file…"));
    if (m_fileName.isEmpty())
        m_source->setText(tr("No file chosen."));
    else if (!m_selectedUsers.isEmpty())
        m_source->setText(
            tr("%n user(s) selected in the search table", nullptr, int(m_selectedUsers.size())));
    m_checkButton->setText(tr("C&heck (dry run)"));
    m_invalidOnly->setText(tr("Show &invalid rows only"));
    m_submit->setText(tr("&Submit for approval"));
    m_close->setText(tr("Close"));
    m_preview->setAccessibleName(tr("Preview of the rows"));
    m_preview->setHorizontalHeaderLabels({tr("Line"), tr("Provider"), tr("Action"), tr("User"), tr("Status"),
                                          tr("What will be sent / why not")});
    int index = 0;
    for (const ProviderModule* module : ProviderRegistry::instance().modules())
        for (const BulkActionChoice& choice : module->bulkActions())
            m_action->setItemText(index++, QCoreApplication::translate("BulkJobDialog", choice.label));
    m_params->setPlaceholderText(tr("e.g. from=flow_MzA;to=flow_Mjk"));
    m_fileLabel->setText(tr("File:"));
    const QStringList labels{tr("&Action for selected users:"), tr("&Parameters:"), tr("&Reason:")};
    const QList<QWidget*> fields{m_action, m_params, m_reason};
    for (qsizetype i = 0; i < fields.size(); ++i)
        if (auto* label = qobject_cast<QLabel*>(m_form->labelForField(fields.at(i))))
            label->setText(labels.at(i));
    if (!m_productionProfile.isEmpty())
        setProductionEnvironment(m_productionProfile);
    if (!m_rows.isEmpty() && !m_dryRun)
        showPreview();
    updateWidgets();
}

void BulkJobDialog::changeEvent(QEvent* event)
{
    // Open while the language is switched (it is not modal): every text again in the new language.
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

void BulkJobDialog::openFile()
{
    auto* dialog =
        new QFileDialog(this, tr("Open bulk job file"), QString(), tr("CSV files (*.csv);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, &BulkJobDialog::loadFile);
    dialog->open();
}

void BulkJobDialog::loadFile(const QString& path)
{
    m_selectedUsers.clear();
    m_fileName = path;
    m_source->setText(QFileInfo(path).fileName());
    QString error;
    const std::optional<QList<BulkRow>> rows = BulkCsvParser::parseFile(path, &error);
    if (!rows) {
        m_rows.clear();
        m_checked = false;
        m_summary->setText(error);
        showPreview();
        updateWidgets();
        return;
    }
    check(*rows);
}

void BulkJobDialog::setSelectedUsers(const QString& provider, const QStringList& userIds)
{
    QList<QMap<QString, QString>> people;
    for (const QString& id : userIds)
        people.append({{provider, id}});
    setSelectedPeople(people, provider);
}

void BulkJobDialog::setSelectedPeople(const QList<QMap<QString, QString>>& people,
                                      const QString& preferredProvider)
{
    m_selectedUsers = people;
    m_selectionProvider = preferredProvider;
    m_fileName = tr("selection");
    m_source->setText(tr("%n user(s) selected in the search table", nullptr, int(people.size())));
    const int index = m_action->findData(preferredProvider, Qt::UserRole, Qt::MatchStartsWith);
    if (index >= 0)
        m_action->setCurrentIndex(index);
    updateWidgets();
}

void BulkJobDialog::checkSelection()
{
    if (m_selectedUsers.isEmpty()) {
        if (!m_fileName.isEmpty())
            loadFile(m_fileName);
        return;
    }
    const QStringList providerAction = m_action->currentData().toString().split(QLatin1Char('/'));
    QList<BulkRow> rows;
    int line = 1;
    for (const auto& person : std::as_const(m_selectedUsers)) {
        BulkRow row;
        row.line = ++line; // as if written to a CSV file under its header
        row.request.provider = providerAction.value(0);
        row.request.action = providerAction.value(1);
        row.request.userId = person.value(row.request.provider);
        row.paramsText = m_params->text().trimmed();
        row.request.reason = m_reason->text().trimmed();
        QString problem;
        row.request.params =
            BulkCsvParser::params(row.request.provider, row.request.action, row.paramsText, &problem);
        if (problem.isEmpty() && row.request.userId.isEmpty())
            problem = tr("this person has no known id at %1 (link it in the subject index first)")
                          .arg(FederatedSearchModel::providerName(row.request.provider));
        if (!problem.isEmpty()) {
            row.state = BulkRow::State::Invalid;
            row.problem = problem;
        }
        rows << row;
    }
    check(rows);
}

void BulkJobDialog::check(QList<BulkRow> rows)
{
    m_checked = false;
    m_jobId = 0;
    delete m_dryRun;
    m_dryRun = new BulkDryRun(m_jobs->actions(), std::move(rows), this);
    m_summary->setText(tr("Checking…"));
    connect(m_dryRun, &BulkDryRun::finished, this, [this, dryRun = m_dryRun] {
        m_rows = dryRun->rows();
        m_checked = true;
        dryRun->deleteLater();
        showPreview();
        updateWidgets();
    });
    updateWidgets();
    m_dryRun->start();
}

void BulkJobDialog::showPreview()
{
    m_preview->setRowCount(int(m_rows.size()));
    int valid = 0;
    for (int i = 0; i < m_rows.size(); ++i) {
        const BulkRow& r = m_rows.at(i);
        valid += r.isValid() ? 1 : 0;
        const QStringList cells{QString::number(r.line),
                                r.request.provider,
                                r.request.action,
                                r.request.userId,
                                r.isValid() ? tr("valid") : tr("invalid"),
                                r.isValid() ? r.preview : r.problem};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (!r.isValid())
                item->setForeground(palette().color(QPalette::BrightText)); // the theme's error colour
            m_preview->setItem(i, c, item);
        }
    }
    const int invalid = int(m_rows.size()) - valid;
    if (m_checked) {
        QString text =
            tr("%n valid row(s) will be sent after a supervisor approves the job; ", nullptr, valid) +
            tr("%n invalid row(s) will not be sent. Nothing has been sent yet.", nullptr, invalid);
        // Where to look in the file: the first few invalid lines.
        constexpr int kNamed = 5;
        QStringList lines;
        for (const BulkRow& r : std::as_const(m_rows))
            if (!r.isValid() && lines.size() < kNamed)
                lines << QString::number(r.line);
        if (!lines.isEmpty())
            text += QLatin1Char(' ') + (invalid > kNamed
                                            ? tr("Invalid: lines %1 and %n more.", nullptr, invalid - kNamed)
                                            : tr("Invalid: line(s) %1.", nullptr, invalid))
                                           .arg(lines.join(QStringLiteral(", ")));
        m_summary->setText(text);
    }
    if (invalid == 0)
        m_invalidOnly->setChecked(false);
    m_invalidOnly->setEnabled(invalid > 0);
    applyInvalidOnly();
}

void BulkJobDialog::applyInvalidOnly()
{
    const bool only = m_invalidOnly->isChecked();
    for (int i = 0; i < m_rows.size(); ++i)
        m_preview->setRowHidden(i, only && m_rows.at(i).isValid());
}

void BulkJobDialog::setProductionEnvironment(const QString& profileName)
{
    m_productionProfile = profileName;
    m_production->setText(
        tr("PRODUCTION — profile “%1”: once approved, every valid row changes a real person's record at "
           "the provider.")
            .arg(profileName));
    m_production->show();
}

QString BulkJobDialog::jobDescription() const
{
    // "Bulk job: 30 valid rows — Smile ID flag × 28, Trust Swiftly reverify × 2."
    QMap<QString, int> perAction;
    int valid = 0;
    for (const BulkRow& r : m_rows) {
        if (!r.isValid())
            continue;
        ++valid;
        ++perAction[FederatedSearchModel::providerName(r.request.provider) + QLatin1Char(' ') +
                    r.request.action];
    }
    QStringList parts;
    for (auto it = perAction.cbegin(); it != perAction.cend(); ++it)
        parts << tr("%1 × %2").arg(it.key()).arg(it.value());
    return tr("Bulk job: %n valid row(s) — %1.", nullptr, valid).arg(parts.join(QStringLiteral(", ")));
}

void BulkJobDialog::submit()
{
    if (m_productionProfile.isEmpty()) {
        submitConfirmed();
        return;
    }
    ProductionConfirmation::ask(this, m_productionProfile, jobDescription(), [this] { submitConfirmed(); });
}

void BulkJobDialog::submitConfirmed()
{
    if (m_jobId != 0)
        return; // submitted already (two questions answered)
    QString error;
    const std::optional<qint64> id = m_jobs->submit(m_fileName, m_rows, m_reason->text(), 8, &error);
    if (!id) {
        m_summary->setText(error);
        return;
    }
    m_jobId = *id;
    m_summary->setText(
        tr("Bulk job #%1 is waiting for a supervisor's approval (Approvals tab). Nothing has been "
           "sent yet.")
            .arg(*id));
    emit submitted(*id);
    updateWidgets();
}

void BulkJobDialog::updateWidgets()
{
    const bool selection = !m_selectedUsers.isEmpty();
    m_action->setEnabled(selection);
    m_params->setEnabled(selection);
    int valid = 0;
    for (const BulkRow& r : std::as_const(m_rows))
        valid += r.isValid() ? 1 : 0;
    const bool busy = m_dryRun && !m_dryRun->isFinished();
    m_checkButton->setEnabled(!busy && (selection || !m_fileName.isEmpty()));
    m_submit->setEnabled(!busy && m_checked && valid > 0 && m_jobId == 0);
    m_submit->setToolTip(m_checked ? QString() : tr("Check the rows first (dry run)."));
}
