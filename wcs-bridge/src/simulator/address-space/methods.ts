import { DataType, StatusCodes, type ISessionContext, type Namespace, type UAObject, type Variant } from "node-opcua";
import type { CommandResult } from "../engine/types.ts";

export interface MethodArgument {
  name: string;
  dataType: DataType.String | DataType.Double | DataType.Boolean;
  description: string;
}

/**
 * Adds a command method. Every one answers Accepted (Boolean) and Reason (String, empty on
 * success), so a refused command is an ordinary Good call result a client can show, not a fault.
 */
export function addCommand(
  namespace: Namespace,
  parent: UAObject,
  path: string,
  browseName: string,
  inputs: MethodArgument[],
  run: (args: unknown[]) => CommandResult,
  afterRun: () => void,
): void {
  const method = namespace.addMethod(parent, {
    nodeId: `s=${path}/${browseName}`,
    browseName,
    inputArguments: inputs.map((a) => ({ name: a.name, dataType: a.dataType, description: { text: a.description } })),
    outputArguments: [
      { name: "Accepted", dataType: DataType.Boolean, description: { text: "false when the command was refused" } },
      { name: "Reason", dataType: DataType.String, description: { text: "why it was refused; empty on success" } },
    ],
  });
  // node-opcua tells promise methods from callback ones by their arity: keep both parameters.
  method.bindMethod(async (inputArguments: Variant[], _context: ISessionContext) => {
    const result = run(inputArguments.map((v) => v.value));
    afterRun();
    return {
      statusCode: StatusCodes.Good,
      outputArguments: [
        { dataType: DataType.Boolean, value: result.accepted },
        { dataType: DataType.String, value: result.reason },
      ],
    };
  });
}
