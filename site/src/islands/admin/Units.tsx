// 单位: the bureau's departments (科室) and schools (学校) that opinions are assigned to.
// A unit's code is fixed once created (the public site links by it); name and kind can change.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { createUnit, listUnits, updateUnit } from './api.ts';
import { UNIT_KIND_LABELS, UNIT_KINDS } from './labels.ts';
import { CodeField, CreateButton, ListScreen, ListTable, LoadedList, PanelForm, useCheckedForm, useListPanel } from './list-screen.tsx';
import type { Unit, UnitKind } from './types.ts';
import { Field, PanelButton } from './ui.tsx';

const CODE = /^[A-Za-z0-9_-]{1,32}$/;
const LABELS = { code: '单位代码', name: '单位名称', kind: '类型' };

type Panel = { kind: 'create' } | { kind: 'edit'; unit: Unit };

export function Units() {
  const { list, panel, open, close, message, saved } = useListPanel<{ units: Unit[] }, Panel>(listUnits, 'units', { referenceData: true });
  return (
    <ListScreen
      title="单位"
      intro="意见可以转办给这里的科室和学校。经办人账号也须属于其中一个单位。"
      message={message}
      toolbar={<CreateButton state={{ panel, open }}>新增单位</CreateButton>}
      panel={panel && <UnitForm key={panel.kind === 'edit' ? panel.unit.id : 'new'} unit={panel.kind === 'edit' ? panel.unit : null} onCancel={close} onSaved={saved} />}
    >
      <LoadedList list={list}>
        {({ units }) => (
          <ListTable caption="单位列表" compact columns={['名称', '代码', '类型']}>
            {units.map((unit) => (
              <tr key={unit.id}>
                <th scope="row">{unit.name}</th>
                <td>
                  <code>{unit.code}</code>
                </td>
                <td>{unit.kindLabel}</td>
                <td>
                  <PanelButton
                    small
                    label={`修改 ${unit.name}`}
                    expanded={panel?.kind === 'edit' && panel.unit.id === unit.id}
                    onOpen={(opener) => open({ kind: 'edit', unit }, opener)}
                  >
                    修改
                  </PanelButton>
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </LoadedList>
    </ListScreen>
  );
}

function UnitForm({ unit, onCancel, onSaved }: { unit: Unit | null; onCancel: () => void; onSaved: (message: string) => void }) {
  const [code, setCode] = useState(unit?.code ?? '');
  const [name, setName] = useState(unit?.name ?? '');
  const [kind, setKind] = useState<UnitKind | ''>(unit?.kind ?? '');
  const { submission, errors, check } = useCheckedForm();
  const prefix = unit ? `unit-${unit.id}` : 'unit-new';

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!unit && !CODE.test(code.trim())) found.code = '单位代码为 1～32 位字母、数字、下划线或连字符。';
    if (!name.trim()) found.name = '请填写单位名称。';
    else if (name.trim().length > 50) found.name = '单位名称不能超过 50 个字。';
    if (!kind) found.kind = '请选择类型。';
    if (!check(event.currentTarget, found) || !kind) return;
    const result = await submission.run(() =>
      unit ? updateUnit(unit.id, { name: name.trim(), kind }) : createUnit({ code: code.trim(), name: name.trim(), kind }),
    );
    if (result) onSaved(unit ? `已保存“${name.trim()}”。` : `已新增单位“${name.trim()}”。`);
  }

  return (
    <PanelForm
      prefix={prefix}
      heading={unit ? `修改单位：${unit.name}` : '新增单位'}
      labels={LABELS}
      submission={submission}
      onSubmit={onSubmit}
      onCancel={onCancel}
      grid={
        <>
          {!unit && <CodeField id={`${prefix}-code`} label={LABELS.code} hint="如 school-01，创建后不能修改。" error={errors.code} value={code} onChange={setCode} />}
          <Field id={`${prefix}-name`} label={LABELS.name} error={errors.name} required>
            {(control) => <input {...control} class="input" maxLength={50} value={name} onInput={(event) => setName(event.currentTarget.value)} />}
          </Field>
          <Field id={`${prefix}-kind`} label={LABELS.kind} error={errors.kind} required>
            {(control) => (
              <select
                {...control}
                class="select"
                value={kind}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setKind((UNIT_KINDS as readonly string[]).includes(value) ? (value as UnitKind) : '');
                }}
              >
                <option value="">请选择</option>
                {UNIT_KINDS.map((value) => (
                  <option key={value} value={value}>
                    {UNIT_KIND_LABELS[value]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      }
    />
  );
}
