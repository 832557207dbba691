using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CharRnn.Tests;

/// <summary>The namespaces of an assembly as a graph: which uses which, and the first cycle among them.</summary>
internal static class NamespaceGraph
{
    /// <summary>For each namespace <paramref name="include"/> keeps, the other kept namespaces its types use.</summary>
    public static Dictionary<string, List<string>> Build(IReadOnlyList<TypeUses> types, Func<string, bool> include) =>
        types
            .Where(type => include(type.Namespace))
            .GroupBy(type => type.Namespace)
            .ToDictionary(group => group.Key,
                group => group.SelectMany(type => type.Uses).Where(include).Where(used => used != group.Key).Distinct().ToList());

    /// <summary>"namespace cycle: A → B → A", then for each step the types that take it.</summary>
    public static string Describe(IReadOnlyList<TypeUses> types, IReadOnlyList<string> cycle, Func<string, string> shortName)
    {
        var text = new System.Text.StringBuilder("namespace cycle: " + string.Join(" → ", cycle.Select(shortName)));
        for (int i = 0; i + 1 < cycle.Count; i++)
        {
            IEnumerable<string> users = types
                .Where(type => type.Namespace == cycle[i] && type.Uses.Contains(cycle[i + 1]))
                .Select(type => type.Name);
            text.Append($"\n  {shortName(cycle[i])} → {shortName(cycle[i + 1])}: {string.Join(", ", users)}");
        }

        return text.ToString();
    }

    // A depth-first search; the first back edge found closes a cycle, returned from its first namespace back to it.
    public static IReadOnlyList<string>? FindCycle(Dictionary<string, List<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (string start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        IReadOnlyList<string>? Visit(string node)
        {
            int onPath = path.IndexOf(node);
            if (onPath >= 0)
            {
                return [.. path[onPath..], node];
            }

            if (!done.Add(node))
            {
                return null;
            }

            path.Add(node);
            foreach (string next in graph.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }
}

/// <summary>A type of an assembly (nested types count as their outermost type) and the namespaces it uses.</summary>
internal sealed record TypeUses(string Namespace, string Name, IReadOnlySet<string> Uses);

/// <summary>For each type of an assembly, the namespaces it uses, read with System.Reflection.Metadata.</summary>
internal static class NamespaceUses
{
    // IL operand sizes by opcode, from the runtime's own table.
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value, code => code.OperandType);

    public static IReadOnlyList<TypeUses> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        MetadataReader reader = pe.GetMetadataReader();
        var types = new Dictionary<TypeDefinitionHandle, TypeUses>();
        foreach (TypeDefinitionHandle handle in reader.TypeDefinitions)
        {
            TypeDefinitionHandle outermost = Outermost(reader, handle);
            TypeDefinition outer = reader.GetTypeDefinition(outermost);
            if (outer.Namespace.IsNil)
            {
                continue; // <Module>, <PrivateImplementationDetails>
            }

            if (!types.TryGetValue(outermost, out TypeUses? type))
            {
                types[outermost] = type = new TypeUses(reader.GetString(outer.Namespace), reader.GetString(outer.Name),
                    new HashSet<string>(StringComparer.Ordinal));
            }

            new TypeReader(reader, pe, (HashSet<string>)type.Uses).Read(reader.GetTypeDefinition(handle));
        }

        return [.. types.Values];
    }

    private static TypeDefinitionHandle Outermost(MetadataReader reader, TypeDefinitionHandle handle)
    {
        TypeDefinitionHandle outer = reader.GetTypeDefinition(handle).GetDeclaringType();
        return outer.IsNil ? handle : Outermost(reader, outer);
    }

    private static string NamespaceOf(MetadataReader reader, TypeDefinitionHandle handle) =>
        reader.GetString(reader.GetTypeDefinition(Outermost(reader, handle)).Namespace);

    private static string NamespaceOf(MetadataReader reader, TypeReferenceHandle handle)
    {
        TypeReference type = reader.GetTypeReference(handle);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? NamespaceOf(reader, (TypeReferenceHandle)type.ResolutionScope)
            : reader.GetString(type.Namespace);
    }

    /// <summary>Collects the namespaces one type definition uses into a set.</summary>
    private sealed class TypeReader(MetadataReader reader, PEReader pe, HashSet<string> used)
    {
        private readonly SignatureNamespaces _provider = new(reader);

        public void Read(TypeDefinition type)
        {
            Add(type.BaseType);
            foreach (InterfaceImplementationHandle handle in type.GetInterfaceImplementations())
            {
                Add(reader.GetInterfaceImplementation(handle).Interface);
            }

            AddAttributes(type.GetCustomAttributes());
            AddGenericParameters(type.GetGenericParameters());
            foreach (FieldDefinitionHandle handle in type.GetFields())
            {
                FieldDefinition field = reader.GetFieldDefinition(handle);
                AddAll(field.DecodeSignature(_provider, null));
                AddAttributes(field.GetCustomAttributes());
            }

            foreach (PropertyDefinitionHandle handle in type.GetProperties())
            {
                AddAttributes(reader.GetPropertyDefinition(handle).GetCustomAttributes());
            }

            foreach (MethodDefinitionHandle handle in type.GetMethods())
            {
                ReadMethod(reader.GetMethodDefinition(handle));
            }
        }

        private void ReadMethod(MethodDefinition method)
        {
            AddSignature(method.DecodeSignature(_provider, null));
            AddAttributes(method.GetCustomAttributes());
            AddGenericParameters(method.GetGenericParameters());
            foreach (ParameterHandle handle in method.GetParameters())
            {
                AddAttributes(reader.GetParameter(handle).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                StandaloneSignature locals = reader.GetStandaloneSignature(body.LocalSignature);
                foreach (ImmutableArray<string> local in locals.DecodeLocalSignature(_provider, null))
                {
                    AddAll(local);
                }
            }

            foreach (ExceptionRegion region in body.ExceptionRegions)
            {
                if (!region.CatchType.IsNil)
                {
                    Add(region.CatchType);
                }
            }

            ReadInstructions(body.GetILReader());
        }

        private void ReadInstructions(BlobReader il)
        {
            while (il.RemainingBytes > 0)
            {
                short value = il.ReadByte();
                if (value == 0xFE)
                {
                    value = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                switch (Operands[value])
                {
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                        Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    case OperandType.InlineSig:
                        var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)MetadataTokens.EntityHandle(il.ReadInt32()));
                        AddSignature(signature.DecodeMethodSignature(_provider, null));
                        break;
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32(); // read first: `Offset += 4 * ReadInt32()` would read Offset before it
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineString or OperandType.ShortInlineR:
                        il.Offset += 4;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                }
            }
        }

        private void Add(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return; // the base type of an interface or of <Module>
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    used.Add(NamespaceOf(reader, (TypeDefinitionHandle)handle));
                    break;
                case HandleKind.TypeReference:
                    used.Add(NamespaceOf(reader, (TypeReferenceHandle)handle));
                    break;
                case HandleKind.TypeSpecification:
                    AddAll(reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_provider, null));
                    break;
                case HandleKind.FieldDefinition:
                    used.Add(NamespaceOf(reader, reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.MethodDefinition:
                    used.Add(NamespaceOf(reader, reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()));
                    break;
                case HandleKind.MemberReference:
                    AddMember(reader.GetMemberReference((MemberReferenceHandle)handle));
                    break;
                case HandleKind.MethodSpecification:
                    MethodSpecification spec = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Add(spec.Method);
                    foreach (ImmutableArray<string> argument in spec.DecodeSignature(_provider, null))
                    {
                        AddAll(argument);
                    }

                    break;
            }
        }

        private void AddMember(MemberReference member)
        {
            if (member.Parent.Kind != HandleKind.ModuleReference)
            {
                Add(member.Parent);
            }

            if (member.GetKind() == MemberReferenceKind.Field)
            {
                AddAll(member.DecodeFieldSignature(_provider, null));
            }
            else
            {
                AddSignature(member.DecodeMethodSignature(_provider, null));
            }
        }

        private void AddAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (CustomAttributeHandle handle in attributes)
            {
                Add(reader.GetCustomAttribute(handle).Constructor);
            }
        }

        private void AddGenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (GenericParameterHandle handle in parameters)
            {
                foreach (GenericParameterConstraintHandle constraint in reader.GetGenericParameter(handle).GetConstraints())
                {
                    Add(reader.GetGenericParameterConstraint(constraint).Type);
                }
            }
        }

        private void AddSignature(MethodSignature<ImmutableArray<string>> signature)
        {
            AddAll(signature.ReturnType);
            foreach (ImmutableArray<string> parameter in signature.ParameterTypes)
            {
                AddAll(parameter);
            }
        }

        private void AddAll(ImmutableArray<string> namespaces) => used.UnionWith(namespaces);
    }

    /// <summary>Decodes a signature into the namespaces of the types it names.</summary>
    private sealed class SignatureNamespaces(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<string>, object?>
    {
        public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => ["System"];

        public ImmutableArray<string> GetTypeFromDefinition(MetadataReader _, TypeDefinitionHandle handle, byte rawTypeKind) =>
            [NamespaceOf(reader, handle)];

        public ImmutableArray<string> GetTypeFromReference(MetadataReader _, TypeReferenceHandle handle, byte rawTypeKind) =>
            [NamespaceOf(reader, handle)];

        public ImmutableArray<string> GetTypeFromSpecification(MetadataReader _, object? context, TypeSpecificationHandle handle,
            byte rawTypeKind) => reader.GetTypeSpecification(handle).DecodeSignature(this, context);

        public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(argument => argument)];

        public ImmutableArray<string> GetGenericTypeParameter(object? context, int index) => [];

        public ImmutableArray<string> GetGenericMethodParameter(object? context, int index) => [];

        public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) =>
            [.. modifier, .. unmodifiedType];

        public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(parameter => parameter)];
    }
}
