// SPDX-License-Identifier: GPL-3.0-or-later
#include "LinkSubjectDialog.h"

#include "models/FederatedSearchModel.h"
#include "services/SubjectService.h"
#include "widgets/MessageBanner.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

LinkSubjectDialog::LinkSubjectDialog(SubjectService* subjects, const QMap<QString, QString>& ids,
                                     const QString& reference, QWidget* parent)
    : QDialog(parent)
    , m_subjects(subjects)
    , m_ids(ids)
    , m_reference(new QLineEdit(reference, this))
    , m_reason(new QLineEdit(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("linkSubjectDialog"));
    setWindowTitle(tr("Link to subject"));
    QStringList lines;
    for (auto it = ids.cbegin(); it != ids.cend(); ++it)
        lines << QStringLiteral("%1: %2").arg(FederatedSearchModel::providerName(it.key()), it.value());
    auto* what = new QLabel(tr("These records will belong to the subject:\n%1").arg(lines.join(u'\n')), this);
    what->setObjectName(QStringLiteral("linkRecords"));
    what->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reference->setObjectName(QStringLiteral("linkReference"));
    m_reference->setAccessibleName(tr("Subject reference"));
    m_reference->setPlaceholderText(tr("customer or case number, e.g. CUST-000123"));
    m_reason->setObjectName(QStringLiteral("linkReason"));
    m_reason->setAccessibleName(tr("Reason"));
    m_reason->setPlaceholderText(tr("why these records are one person (audited)"));
    m_error->setObjectName(QStringLiteral("linkError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Error));
    m_error->hide();
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Link"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("linkConfirm"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Subject reference:"), m_reference);
    form->addRow(tr("&Reason:"), m_reason);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(what);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    connect(m_reference, &QLineEdit::textChanged, this, &LinkSubjectDialog::updateWidgets);
    connect(m_reason, &QLineEdit::textChanged, this, &LinkSubjectDialog::updateWidgets);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &LinkSubjectDialog::apply);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    updateWidgets();
    (reference.isEmpty() ? m_reference : m_reason)->setFocus();
}

QString LinkSubjectDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void LinkSubjectDialog::askForId(const QString& provider, const QString& current)
{
    m_askedProvider = provider;
    m_askedId = new QLineEdit(current, this);
    m_askedId->setObjectName(QStringLiteral("linkProviderId"));
    const QString name = FederatedSearchModel::providerName(provider);
    m_askedId->setAccessibleName(tr("%1 user id").arg(name));
    m_askedId->setPlaceholderText(tr("the id %1 knows this person by").arg(name));
    if (auto* form = findChild<QFormLayout*>())
        form->insertRow(0, tr("%1 &user id:").arg(name), m_askedId);
    setWindowTitle(tr("Link a %1 user id").arg(name));
    connect(m_askedId, &QLineEdit::textChanged, this, &LinkSubjectDialog::updateWidgets);
    m_askedId->setFocus();
    m_askedId->selectAll();
    updateWidgets();
}

void LinkSubjectDialog::updateWidgets()
{
    const bool ok = !m_reference->text().trimmed().isEmpty() && !m_reason->text().trimmed().isEmpty() &&
                    (!m_askedId || !m_askedId->text().trimmed().isEmpty());
    QPushButton* button = m_buttons->button(QDialogButtonBox::Ok);
    button->setEnabled(ok);
    button->setToolTip(ok ? QString() : tr("Enter the subject reference and a reason."));
}

void LinkSubjectDialog::apply()
{
    const QString reference = m_reference->text().trimmed();
    QMap<QString, QString> ids = m_ids;
    if (m_askedId)
        ids.insert(m_askedProvider, m_askedId->text().trimmed());
    for (auto it = ids.cbegin(); it != ids.cend(); ++it) {
        QString error;
        const std::optional<Subject> current = m_subjects->subjectByLink(it.key(), it.value(), &error);
        if (current && current->reference == reference)
            continue; // already this subject's
        if (!m_subjects->link(reference, it.key(), it.value(), m_reason->text().trimmed(), &error)) {
            m_error->setText(error);
            m_error->show();
            return;
        }
    }
    emit linked(reference, ids);
    accept();
}
