import { DataType, type Namespace, type UAObjectType } from "node-opcua";
import { type AnyDevice, typeName } from "../../devices/index.ts";

const outputArguments = [
  { name: "Accepted", dataType: DataType.Boolean, description: { text: "false when the command was refused" } },
  { name: "Reason", dataType: DataType.String, description: { text: "why it was refused; empty on success" } },
];

export const inputArguments = (args: AnyDevice["methods"][number]["args"]) =>
  args.map((a) => ({ name: a.name, dataType: DataType[a.dataType], description: { text: a.description } }));
export { outputArguments };

/**
 * The kind's ObjectType (`ns=1;s=<Kind>Type`, a BaseObjectType subtype): its variables and methods
 * as Mandatory instance declarations, so a generic client can learn the kind from the type alone.
 */
export function addDeviceType(namespace: Namespace, device: AnyDevice): UAObjectType {
  const name = typeName(device);
  const type = namespace.addObjectType({ browseName: name, nodeId: `s=${name}`, description: device.description, isAbstract: false });
  for (const v of device.variables) {
    namespace.addVariable({
      componentOf: type,
      nodeId: `s=${name}/${v.browseName}`,
      browseName: v.browseName,
      description: v.description,
      dataType: v.dataType,
      modellingRule: "Mandatory",
      accessLevel: "CurrentRead",
      userAccessLevel: "CurrentRead",
    });
  }
  for (const m of device.methods) {
    namespace.addMethod(type, {
      nodeId: `s=${name}/${m.name}`,
      browseName: m.name,
      description: m.description,
      modellingRule: "Mandatory",
      inputArguments: inputArguments(m.args),
      outputArguments,
    });
  }
  return type;
}
