// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImportSubjectsDialog.h"

#include "services/SubjectService.h"
#include "widgets/MessageBanner.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

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
} // namespace

ImportSubjectsDialog::ImportSubjectsDialog(SubjectService* subjects, SubjectImportReport report,
                                           QWidget* parent)
    : QDialog(parent)
    , m_subjects(subjects)
    , m_report(std::move(report))
    , m_summary(new QLabel(this))
    , m_table(new QTableWidget(this))
    , m_reason(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_import(new QPushButton(tr("&Import"), this))
{
    using Kind = SubjectImportReport::Row::Kind;
    setObjectName(QStringLiteral("importSubjectsDialog"));
    setWindowTitle(tr("Import subjects — %1").arg(QFileInfo(m_report.fileName).fileName()));
    resize(760, 460);
    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    if (!m_report.fileProblem.isEmpty()) {
        m_summary->setText(m_report.fileProblem);
    } else {
        QString text = tr("Dry run of %1: %2 new, %3 changed, %4 unchanged, %5 conflicting, %6 bad.")
                           .arg(m_report.fileName)
                           .arg(m_report.count(Kind::New))
                           .arg(m_report.count(Kind::Changed))
                           .arg(m_report.count(Kind::Unchanged))
                           .arg(m_report.count(Kind::Conflicting))
                           .arg(m_report.count(Kind::Bad));
        if (!m_report.isImportable())
            text += u' ' + tr("Nothing can be imported until every bad or conflicting line is fixed.");
        m_summary->setText(text);
    }
    m_summary->setStyleSheet(MessageBanner::labelStyleSheet(
        m_report.isImportable() ? MessageBanner::Level::Info : MessageBanner::Level::Error));

    m_table->setObjectName(QStringLiteral("importRows"));
    m_table->setAccessibleName(tr("Rows of the file"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->setColumnCount(4);
    m_table->setHorizontalHeaderLabels({tr("Line"), tr("Result"), tr("Subject"), tr("Problems / ids")});
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Problems first: the officer has to fix those.
    QList<SubjectImportReport::Row> rows = m_report.rows;
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        const auto bad = [](Kind k) {
            return k == Kind::Bad || k == Kind::Conflicting;
        };
        return bad(a.kind) && !bad(b.kind);
    });
    m_table->setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        const auto& r = rows.at(i);
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

    m_reason->setObjectName(QStringLiteral("importReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setPlaceholderText(tr("why the index changes (audited)"));
    m_error->setObjectName(QStringLiteral("importError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Error));
    m_error->hide();
    m_import->setObjectName(QStringLiteral("importConfirm"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    buttons->addButton(m_import, QDialogButtonBox::AcceptRole);

    auto* form = new QFormLayout;
    form->addRow(tr("&Reason:"), m_reason);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(m_reason, &QLineEdit::textChanged, this, &ImportSubjectsDialog::updateWidgets);
    connect(m_import, &QPushButton::clicked, this, &ImportSubjectsDialog::apply);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_reason->setFocus();
    updateWidgets();
}

QString ImportSubjectsDialog::summaryText() const
{
    return m_summary->text();
}

QString ImportSubjectsDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ImportSubjectsDialog::updateWidgets()
{
    QString why;
    if (!m_report.isImportable())
        why = tr("The file has bad or conflicting lines; fix them and import again.");
    else if (m_reason->text().trimmed().isEmpty())
        why = tr("Enter a reason.");
    m_import->setEnabled(why.isEmpty());
    m_import->setToolTip(why);
    m_reason->setEnabled(m_report.isImportable());
}

void ImportSubjectsDialog::apply()
{
    using Kind = SubjectImportReport::Row::Kind;
    QString error;
    if (!m_subjects->applyImport(m_report, m_reason->text().trimmed(), &error)) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    emit imported(m_report.count(Kind::New) + m_report.count(Kind::Changed));
    accept();
}
